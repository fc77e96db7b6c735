package dev.flotilla.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One real PostgreSQL per test JVM (the same embedded binaries as the service's default), with a fresh database for
 * every Spring test context ({@link Initializer}) or every meta-controller an end-to-end test starts
 * ({@link #newDatabase()}), so test classes never see each other's rows.
 */
public final class SharedPostgres {

    public static final String ADMIN_TOKEN = "flt_test-admin-token";

    private static EmbeddedPostgres postgres;
    private static final AtomicInteger databases = new AtomicInteger();

    private SharedPostgres() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return postgres;
    }

    /** Creates an empty database and answers its JDBC URL. */
    public static String newDatabase() {
        String name = "flotilla_" + databases.incrementAndGet() + "_" + ProcessHandle.current().pid();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return server().getJdbcUrl("postgres", name);
    }

    /** Points a Spring test context at a fresh database on the shared server. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of(
                    "spring.datasource.url=" + newDatabase(),
                    "spring.datasource.username=postgres",
                    "spring.datasource.password=",
                    // dozens of cached test contexts share one server: each keeps one idle connection per pool, not
                    // its whole pool, and gives back what a test opened after 10 s
                    "spring.datasource.hikari.minimum-idle=1",
                    "spring.datasource.hikari.idle-timeout=10000",
                    "flotilla.admin-token=" + ADMIN_TOKEN,
                    "flotilla.data-dir=" + System.getProperty("java.io.tmpdir") + "/flotilla-test-" + ProcessHandle.current().pid()
            ).applyTo(context);
        }
    }
}
