package dev.flotilla.meta.config;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the service's pools find connections the database has dropped (a restart, a failover, a killed backend).
 *
 * <p>Hikari checks a connection on borrow when it has been idle for more than 500 ms, and that check is one round
 * trip to the database: on a busy database it is most of a portal call's wait for a connection (docs/benchmarks.md,
 * "The wait for a connection"). Here the pools check their idle connections in the background instead, every
 * {@code keepaliveTime} ({@code spring.datasource.hikari.keepalive-time}, 30 s, Hikari's shortest; {@link
 * #KEEPALIVE_MILLIS} for the embedded default), and a connection is checked on borrow only when it has been idle
 * for longer than that ({@link #BYPASS_WINDOW_PROPERTY}, which Hikari reads as a system property when a pool starts;
 * set on the command line it wins). A connection that breaks in between fails the statement that uses it, which
 * answers {@code 503 database-unavailable} ({@code web.DatabaseOutage}); the first such failure then closes every
 * idle connection of both pools ({@link Evictor}), so after a database restart one call fails, not one per pooled
 * connection, and the rest are served by new connections.
 */
public final class ConnectionChecks {

    /** Hikari's system property: the idle time after which a borrowed connection is checked first (ms). */
    public static final String BYPASS_WINDOW_PROPERTY = "com.zaxxer.hikari.aliveBypassWindowMs";

    /** The embedded default's background check period, the shortest Hikari accepts (application.yaml's too). */
    static final long KEEPALIVE_MILLIS = TimeUnit.SECONDS.toMillis(30);

    private static final Logger log = LoggerFactory.getLogger(ConnectionChecks.class);

    private ConnectionChecks() {
    }

    /**
     * Applies the checks to a pool that has not started: the check on borrow waits as long as its background check
     * ({@code keepaliveTime}; with none, Hikari's 500 ms stays), and an {@link Evictor}, which a pool copied from this
     * one ({@code DatabaseLanes.agentPool}) carries too and is to be {@link Evictor#watch watched} by.
     */
    static Evictor apply(HikariDataSource pool) {
        if (pool.isRunning()) {
            throw new IllegalStateException("pool " + pool.getPoolName() + " has started: configure it before");
        }
        if (pool.getKeepaliveTime() > 0 && System.getProperty(BYPASS_WINDOW_PROPERTY) == null) {
            System.setProperty(BYPASS_WINDOW_PROPERTY, Long.toString(pool.getKeepaliveTime()));
        }
        Evictor evictor = new Evictor();
        pool.setExceptionOverride(evictor);
        evictor.watch(pool);
        return evictor;
    }

    /**
     * The SQL states that say the connection itself is gone: class 08 (connection exception) and 57P01-57P03 (the
     * server shut down, crashed or cannot take connections now). The same states Hikari evicts the one connection on.
     */
    static boolean connectionLost(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P01")
                || sqlState.equals("57P02") || sqlState.equals("57P03"));
    }

    /**
     * Hikari asks it about every {@link SQLException} a pooled connection throws; on a lost connection it closes the
     * idle connections of the pools it watches (at most once a second: a burst of failures during an outage closes
     * them once) and lets Hikari evict the failed one as it would anyway.
     */
    static final class Evictor implements SQLExceptionOverride {

        private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

        private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();
        private final AtomicLong lastEviction = new AtomicLong(System.nanoTime() - QUIET_NANOS);

        void watch(HikariDataSource pool) {
            pools.add(pool);
        }

        // SQLExceptionOverride.Override, Hikari's answer, hides java.lang.Override in here
        @java.lang.Override
        public SQLExceptionOverride.Override adjudicate(SQLException failure) {
            if (connectionLost(failure.getSQLState())) {
                evictIdle(failure.getSQLState());
            }
            return SQLExceptionOverride.Override.CONTINUE_EVICT;
        }

        private void evictIdle(String sqlState) {
            long now = System.nanoTime();
            long last = lastEviction.get();
            if (now - last < QUIET_NANOS || !lastEviction.compareAndSet(last, now)) {
                return;
            }
            for (HikariDataSource pool : pools) {
                HikariPoolMXBean bean = pool.getHikariPoolMXBean();
                if (bean != null) {
                    log.warn("pool {}: a connection was lost (SQLSTATE {}); closing its {} idle connections, the ones"
                            + " in use when they are returned", pool.getPoolName(), sqlState, bean.getIdleConnections());
                    bean.softEvictConnections();
                }
            }
        }
    }
}
