package dev.flotilla.meta.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces that keep one server per data directory; the processes themselves are in EmbeddedDefaultCrashRecoveryIT. */
class EmbeddedDatabaseGuardsTest {

    @TempDir
    Path dir;

    @Test
    void aPostgresWithThisDirectoryAfterMinusDServesIt() throws Exception {
        Path data = Files.createDirectories(dir.resolve("postgres"));
        assertThat(StalePostmaster.servesDataDirectory(List.of("/tmp/embedded-pg/PG-1/bin/postgres", "-D",
                data.toString(), "-p", "5432", "-F", "-c", "fsync=on"), data)).isTrue();
        assertThat(StalePostmaster.servesDataDirectory(List.of("/usr/bin/postgres", "-D",
                dir.resolve("./postgres/../postgres").toString()), data)).isTrue();
    }

    @Test
    void aPostgresOnAnotherDirectoryOrAnotherProgramDoesNot() throws Exception {
        Path data = Files.createDirectories(dir.resolve("postgres"));
        Path other = Files.createDirectories(dir.resolve("other"));
        assertThat(StalePostmaster.servesDataDirectory(List.of("/usr/bin/postgres", "-D", other.toString()), data))
                .isFalse();
        assertThat(StalePostmaster.servesDataDirectory(List.of("/usr/bin/java", "-D", data.toString()), data))
                .isFalse();
        assertThat(StalePostmaster.servesDataDirectory(List.of(), data)).isFalse();
    }

    @Test
    void aPostmasterPidWhoseProcessIsGoneIsRemoved() throws Exception {
        Path data = Files.createDirectories(dir.resolve("postgres"));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(data.resolve("postmaster.pid"), gone.pid() + "\n" + data + "\n");
        StalePostmaster.clear(data, java.time.Duration.ofSeconds(1));
        assertThat(data.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void aSecondLockOnOneDirectoryIsRefusedNamingTheDirectoryAndTheHolder() throws Exception {
        Path data = dir.resolve("postgres");
        try (DataDirectoryLock first = DataDirectoryLock.acquire(dir.resolve("postgres.lock"), data)) {
            assertThatThrownBy(() -> DataDirectoryLock.acquire(dir.resolve("postgres.lock"), data))
                    .isInstanceOf(DatabaseStartRefused.class)
                    .hasMessageContaining("Another meta-controller (PID " + ProcessHandle.current().pid() + ")")
                    .hasMessageContaining(data.toString());
        }
        assertThat(Files.readString(dir.resolve("postgres.lock")).strip()) // the holder's PID, for the refusal
                .isEqualTo(Long.toString(ProcessHandle.current().pid()));
        DataDirectoryLock.acquire(dir.resolve("postgres.lock"), data).close(); // released: free again
    }
}
