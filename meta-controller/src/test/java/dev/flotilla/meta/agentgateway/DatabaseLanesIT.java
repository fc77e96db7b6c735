package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.meta.config.DatabaseLane;
import dev.flotilla.meta.config.LanedDataSource;
import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The agent API's own connection budget (config.DatabaseLanes): with every agent connection taken, the portal still
 * answers from the main pool and the agent API answers 503 with Retry-After instead of waiting on the portal's.
 */
@IntegrationTest
@TestPropertySource(properties = {"flotilla.agent.db-connections=2",
        "spring.datasource.hikari.connection-timeout=1000"})
class DatabaseLanesIT {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Test
    void agentRequestsDrawFromTheirOwnPoolAndTheirExhaustionLeavesThePortalServed() throws SQLException {
        assertThat(dataSource).isInstanceOf(LanedDataSource.class);
        HikariDataSource agents = ((LanedDataSource) dataSource).agents();
        assertThat(agents.getMaximumPoolSize()).isEqualTo(2);
        assertThat(agents.getPoolName()).endsWith("-agents");
        TestFleet fleet = new TestFleet(jdbc);
        String token = fleet.registered("lanes-1", "READY");
        Api api = new Api(port);

        List<Connection> held = new ArrayList<>();
        try {
            DatabaseLane.onAgentLane(() -> {
                try {
                    held.add(dataSource.getConnection());
                    held.add(dataSource.getConnection());
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(agents.getHikariPoolMXBean().getActiveConnections()).isEqualTo(2);
            assertThatThrownBy(() -> DatabaseLane.onAgentLane(() -> {
                try (Connection third = dataSource.getConnection()) {
                    third.isValid(1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            })).hasCauseInstanceOf(SQLTransientConnectionException.class);

            Api.Reply portal = api.get(Fleet.ADMIN, "/api/v1/clusters?limit=10");
            assertThat(portal.status()).as(portal.raw()).isEqualTo(200);
            assertThat(portal.body().path("items").size()).isPositive();

            // the agent's token is not cached yet: resolving it needs an agent connection, and none is free
            Api.Reply agent = api.get(token, "/agent/v1/work?generation=0&timeoutSeconds=1");
            assertThat(agent.status()).as(agent.raw()).isEqualTo(503);
            assertThat(agent.contentType()).startsWith("application/problem+json");
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        Api.Reply again = api.get(token, "/agent/v1/work?generation=0&timeoutSeconds=1");
        assertThat(again.status()).as(again.raw()).isIn(200, 204);
    }
}
