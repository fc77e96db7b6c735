package dev.flotilla.meta.config;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The data source of {@link DatabaseLanes}: routes each connection request by the calling thread's
 * {@link DatabaseLane};
 * closes both pools.
 */
public final class LanedDataSource implements DataSource, AutoCloseable {

    private final HikariDataSource main;
    private final HikariDataSource agents;

    LanedDataSource(HikariDataSource main, HikariDataSource agents) {
        this.main = main;
        this.agents = agents;
    }

    public HikariDataSource main() {
        return main;
    }

    public HikariDataSource agents() {
        return agents;
    }

    private DataSource current() {
        return DatabaseLane.agent() ? agents : main;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return current().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return current().getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return main.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        main.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        main.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return main.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return main.getParentLogger();
    }

    /** Unwraps to the main pool (health, metrics and pool metadata describe it). */
    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return main.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || main.isWrapperFor(type);
    }

    @Override
    public void close() {
        try {
            agents.close();
        } finally {
            main.close();
        }
    }
}
