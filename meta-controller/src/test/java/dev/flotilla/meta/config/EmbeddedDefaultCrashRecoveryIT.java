package dev.flotilla.meta.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.FlotillaMetaController;
import dev.flotilla.meta.support.Api;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default with real processes: meta-controllers run as child JVMs on one data directory. A second one
 * is refused while the first lives; after the first is killed with SIGKILL its PostgreSQL keeps running (the old
 * failure), and the next start stops that server and comes back with the data. The tests share the first child.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedDefaultCrashRecoveryIT {

    private static final String ADMIN_TOKEN = "flt_crash-recovery-admin-token";
    private static final Duration START = Duration.ofSeconds(60);
    private static final Pattern PORT = Pattern.compile("embedded default PostgreSQL, port (\\d+)");

    @TempDir
    static Path work;

    private Path dataDir;
    private final List<Child> children = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** cleans up if the test JVM itself is stopped (SIGTERM) before {@link #stopEverything()} runs */
    private final Thread cleanup = new Thread(this::stopQuietly, "crash-recovery-cleanup");
    private Child first;
    private int port;

    @BeforeAll
    void startTheFirst() throws Exception {
        Runtime.getRuntime().addShutdownHook(cleanup);
        dataDir = work.resolve("data");
        port = freePort();
        first = start("first", port).awaitHealthy();
        Api api = new Api(port);
        assertThat(api.post(ADMIN_TOKEN, "/api/v1/clusters", Map.of("name", "survivor-1", "tenant", "acme",
                "region", "eu-west", "zone", "eu-west-1a", "labels", Map.of("env", "prod"))).status()).isEqualTo(201);
        assertThat(api.post(ADMIN_TOKEN, "/api/v1/tokens", Map.of("name", "portal", "role", "viewer")).status())
                .isEqualTo(201);
    }

    @Test
    @Order(1)
    void runsTheEmbeddedServerDurably() throws Exception {
        assertThat(settings(first.postgresPort())).containsEntry("fsync", "on")
                .containsEntry("synchronous_commit", "on").containsEntry("full_page_writes", "on");
        assertThat(first.log()).contains("data in " + dataDir.resolve("postgres").toAbsolutePath());
    }

    @Test
    @Order(2)
    void refusesASecondMetaControllerOnTheSameDataDirectoryWhileTheFirstRuns() throws Exception {
        Child second = start("second", freePort());
        assertThat(second.process.waitFor(START.toSeconds(), TimeUnit.SECONDS)).as("the second exits").isTrue();
        assertThat(second.process.exitValue()).isNotZero();
        assertThat(second.log()).contains("Another meta-controller (PID " + first.process.pid() + ")")
                .contains(dataDir.resolve("postgres").toAbsolutePath().toString())
                .contains("give this one its own data directory");
        System.out.println("EmbeddedDefaultCrashRecoveryIT: the second meta-controller said:\n"
                + second.log().substring(Math.max(0, second.log().indexOf("APPLICATION FAILED TO START"))));
        assertThat(first.process.isAlive()).isTrue();
        assertThat(new Api(port).get(ADMIN_TOKEN, "/api/v1/clusters/survivor-1").status()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void comesBackWithItsDataAfterAKillThatLeftItsPostgresRunning() throws Exception {
        long postmaster = postmasterPid().orElseThrow();
        first.process.destroyForcibly(); // SIGKILL: no shutdown hook runs, PostgreSQL is not stopped
        assertThat(first.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(500);
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive))
                .as("the killed meta-controller's PostgreSQL still runs on the data directory").contains(true);

        long restart = System.nanoTime();
        Child again = start("again", port).awaitHealthy();
        Duration recovery = Duration.ofNanos(System.nanoTime() - restart);
        System.out.println("EmbeddedDefaultCrashRecoveryIT: healthy again " + recovery.toMillis()
                + " ms after the restart following the SIGKILL");

        assertThat(recovery).isLessThan(START);
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false))
                .as("the stale PostgreSQL was stopped").isFalse();
        assertThat(again.log()).contains("is still running on", "stopping it");
        again.log().lines().filter(line -> line.contains("StalePostmaster") || line.contains("embedded default"))
                .forEach(line -> System.out.println("EmbeddedDefaultCrashRecoveryIT: " + line));
        Api api = new Api(port);
        Api.Reply cluster = api.get(ADMIN_TOKEN, "/api/v1/clusters/survivor-1");
        assertThat(cluster.status()).isEqualTo(200);
        assertThat(cluster.body().path("labels").path("env").asString()).isEqualTo("prod");
        assertThat(api.get(ADMIN_TOKEN, "/api/v1/tokens").raw()).contains("\"portal\"");
        assertThat(settings(again.postgresPort())).containsEntry("fsync", "on")
                .containsEntry("synchronous_commit", "on");
    }

    /** Every child is stopped, then any PostgreSQL still on the data directory, whatever the tests did. */
    @AfterAll
    void stopEverything() throws Exception {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        stop();
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (Exception ignored) {
            // best effort while the JVM goes away
        }
    }

    private void stop() throws Exception {
        for (Child child : children) {
            child.process.destroy();
        }
        for (Child child : children) {
            if (!child.process.waitFor(30, TimeUnit.SECONDS)) {
                child.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        Optional<ProcessHandle> postmaster = postmasterPid().flatMap(ProcessHandle::of);
        if (postmaster.isPresent() && postmaster.get().isAlive()) {
            List<ProcessHandle> backends = postmaster.get().children().toList();
            postmaster.get().destroy();
            try {
                postmaster.get().onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                postmaster.get().destroyForcibly();
                backends.forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    private Child start(String name, int httpPort) throws IOException {
        Path log = work.resolve(name + ".log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                FlotillaMetaController.class.getName(), "--server.port=" + httpPort,
                "--flotilla.data-dir=" + dataDir, "--spring.datasource.url=", "--flotilla.database=auto",
                "--logging.level.dev.flotilla=INFO");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.startsWith("FLOTILLA_") || key.startsWith("SPRING_")
                || key.equals("KUBERNETES_SERVICE_HOST"));
        environment.put("FLOTILLA_ADMIN_TOKEN", ADMIN_TOKEN);
        Child child = new Child(builder.start(), log, httpPort);
        children.add(child);
        return child;
    }

    private Optional<Long> postmasterPid() {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> settings(int postgresPort) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + postgresPort
                + "/postgres?user=postgres"); Statement s = c.createStatement()) {
            for (String name : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    rs.next();
                    settings.put(name, rs.getString(1));
                }
            }
        }
        return settings;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Child(Process process, Path logFile, int httpPort) {

        Child awaitHealthy() throws Exception {
            long deadline = System.nanoTime() + START.toNanos();
            while (!healthy()) {
                if (!process.isAlive()) {
                    throw new AssertionError("the meta-controller exited with " + process.exitValue() + ":\n" + log());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the meta-controller was not healthy within " + START + ":\n" + log());
                }
                Thread.sleep(200);
            }
            return this;
        }

        private boolean healthy() {
            try {
                return new Api(httpPort).get(null, "/actuator/health").status() == 200;
            } catch (java.io.UncheckedIOException notYetListening) {
                return false;
            }
        }

        int postgresPort() throws IOException {
            Matcher port = PORT.matcher(log());
            assertThat(port.find()).as("the child logs its PostgreSQL port").isTrue();
            return Integer.parseInt(port.group(1));
        }

        String log() throws IOException {
            return Files.readString(logFile);
        }
    }
}
