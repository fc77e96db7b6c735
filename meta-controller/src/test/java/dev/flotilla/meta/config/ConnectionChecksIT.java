package dev.flotilla.meta.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.flotilla.meta.web.DatabaseOutage;
import dev.flotilla.testsupport.SharedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pools' checks of dropped connections (ConnectionChecks) on a real PostgreSQL: connections are not checked on
 * borrow while the background check covers them, so a backend the server drops fails the statement that uses it;
 * that first failure closes the idle connections of both pools, and the next calls get new ones.
 */
class ConnectionChecksIT {

    private static final int MAIN = 4;
    private static final int AGENTS = 2;

    private String url;
    private LanedDataSource lanes;

    @BeforeEach
    void pools() throws SQLException {
        url = SharedPostgres.newDatabase();
        HikariDataSource main = new HikariDataSource();
        main.setJdbcUrl(url);
        main.setUsername("postgres");
        main.setPoolName("checks");
        main.setMaximumPoolSize(MAIN);
        main.setConnectionTimeout(5_000);
        main.setKeepaliveTime(ConnectionChecks.KEEPALIVE_MILLIS);
        lanes = (LanedDataSource) DatabaseLanes.lanes(main, AGENTS);
        // every connection of both pools opened and returned just now: none is idle for longer than the window
        assertThat(backends(lanes.main(), MAIN)).hasSize(MAIN);
        assertThat(backends(lanes.agents(), AGENTS)).hasSize(AGENTS);
    }

    @AfterEach
    void close() {
        lanes.close();
    }

    @Test
    void theCheckOnBorrowWaitsAsLongAsTheBackgroundCheck() {
        assertThat(lanes.main().getKeepaliveTime()).isEqualTo(30_000);
        assertThat(lanes.agents().getKeepaliveTime()).isEqualTo(30_000);
        assertThat(System.getProperty(ConnectionChecks.BYPASS_WINDOW_PROPERTY)).isEqualTo("30000");
        assertThat(lanes.agents().getExceptionOverride()).isSameAs(lanes.main().getExceptionOverride())
                .isInstanceOf(ConnectionChecks.Evictor.class);
    }

    @Test
    void afterTheServerDropsEveryBackendOneCallFailsAndTheNextOnesGetNewConnections() throws SQLException {
        Set<Integer> before = new HashSet<>(backends(lanes.main(), MAIN));
        before.addAll(backends(lanes.agents(), AGENTS));
        assertThat(terminateBackends()).isEqualTo(MAIN + AGENTS);

        // not checked on borrow (idle for less than the window): the statement finds the connection gone
        assertThatThrownBy(() -> selectPid(lanes.main()))
                .isInstanceOf(SQLException.class)
                .satisfies(failure -> assertThat(DatabaseOutage.causedBy(failure)).as("an outage answer").isTrue());

        // the failure closed the idle connections of both pools: every later call is served, by a new backend
        Set<Integer> after = new HashSet<>();
        for (int i = 0; i < MAIN; i++) {
            after.add(selectPid(lanes.main()));
        }
        after.addAll(backends(lanes.main(), MAIN));
        try (DatabaseLane.Scope scope = DatabaseLane.enterAgentLane()) {
            for (int i = 0; i < AGENTS; i++) {
                after.add(selectPid(lanes));
            }
        }
        assertThat(after).doesNotContainAnyElementsOf(before);
    }

    @Test
    void aStatementsOwnErrorKeepsThePoolsConnections() throws SQLException {
        Set<Integer> before = new HashSet<>(backends(lanes.main(), MAIN));
        assertThatThrownBy(() -> {
            try (Connection c = lanes.main().getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT 1 / 0");
            }
        }).isInstanceOf(SQLException.class).satisfies(failure ->
                assertThat(((SQLException) failure).getSQLState()).isEqualTo("22012"));
        assertThat(backends(lanes.main(), MAIN)).containsExactlyInAnyOrderElementsOf(before);
    }

    /** Takes {@code count} connections of {@code pool} at once, answers their backends' pids and returns them. */
    private static List<Integer> backends(javax.sql.DataSource pool, int count) throws SQLException {
        List<Connection> held = new ArrayList<>();
        List<Integer> pids = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Connection c = pool.getConnection();
                held.add(c);
                pids.add(pid(c));
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        return pids;
    }

    private static int selectPid(javax.sql.DataSource pool) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return pid(c);
        }
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** What a database restart does to the pools' connections: the server ends every backend of the database. */
    private int terminateBackends() throws SQLException {
        try (Connection admin = DriverManager.getConnection(url, "postgres", "");
             Statement s = admin.createStatement()) {
            int ended;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
                    + " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
                rs.next();
                ended = rs.getInt(1);
            }
            // pg_terminate_backend only signals: wait until the backends are gone
            for (int i = 0; i < 100; i++) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        return ended;
                    }
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            throw new IllegalStateException("the backends did not end");
        }
    }
}
