package dev.flotilla.meta.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: a real PostgreSQL started by the service, with its data in {@code <data-dir>/postgres}.
 * It is crash-safe: the data directory is locked for the server's lifetime ({@code <data-dir>/postgres.lock}), a
 * server left running by a killed meta-controller is stopped before the start, and the server runs with
 * {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on (the library's defaults are a test
 * server's: no fsync, asynchronous commits).
 */
final class EmbeddedDatabase implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** a start after a crash replays the WAL first */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final Duration STALE_SERVER_STOP = Duration.ofSeconds(20);

    private final DataDirectoryLock lock;
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(DataDirectoryLock lock, EmbeddedPostgres postgres) {
        this.lock = lock;
        this.postgres = postgres;
    }

    /** Locks {@code <dataDir>/postgres}, clears what a killed predecessor left there and starts the server. */
    static EmbeddedDatabase start(Path dataDir) throws IOException {
        Path root = dataDir.toAbsolutePath().normalize();
        Path directory = root.resolve("postgres");
        Files.createDirectories(root);
        DataDirectoryLock lock = DataDirectoryLock.acquire(root.resolve("postgres.lock"), directory);
        try {
            Files.createDirectories(directory);
            StalePostmaster.clear(directory, STALE_SERVER_STOP);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(STARTUP_WAIT)
                    // durable: the library starts a test server with -F (fsync off) and synchronous_commit=off
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("shared_buffers", "128MB")
                    .start();
            log.info("Database: the embedded default PostgreSQL, port {}, data in {} (fsync, synchronous_commit and"
                    + " full_page_writes on; set SPRING_DATASOURCE_URL for an external server)", postgres.getPort(),
                    directory);
            return new EmbeddedDatabase(lock, postgres);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    int port() {
        return postgres.getPort();
    }

    /** Stops the server ({@code pg_ctl stop -m fast}), then lets the directory go. */
    @Override
    public void close() throws IOException {
        try {
            postgres.close();
        } finally {
            lock.close();
        }
    }
}
