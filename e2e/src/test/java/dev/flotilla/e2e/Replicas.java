package dev.flotilla.e2e;

import dev.flotilla.sim.fleet.MetaControllerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;

/**
 * Several meta-controller processes ({@code java -jar}, the jar the build packaged) on one PostgreSQL, each on its
 * own port, as replicas behind a load balancer. {@link #kill(int)} is a SIGKILL; {@link #start(int)} brings the
 * replica back on the same port. Kills are recorded so probes can tell a refused connection to a dead replica from a
 * fault of a live one.
 */
final class Replicas implements AutoCloseable {

    static final String ADMIN_TOKEN = "flt_faults-admin-token";

    /** When a replica went down and came back (epoch millis; {@code upAt} 0 while down). */
    record Outage(int replica, long downAt, long upAt) {
    }

    private final String jdbcUrl;
    private final int[] ports;
    private final MetaControllerProcess[] processes;
    private final Path root;
    private final List<Outage> outages = new CopyOnWriteArrayList<>();

    Replicas(int count, String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
        this.ports = IntStream.range(0, count).map(i -> freePort()).toArray();
        this.processes = new MetaControllerProcess[count];
        try {
            this.root = Files.createTempDirectory("flotilla-replicas");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts every replica (the first alone, so that one of them runs the migrations) and waits for them. */
    void startAll() throws InterruptedException {
        start(0);
        List<Integer> rest = IntStream.range(1, ports.length).boxed().toList();
        rest.forEach(this::launch);
        for (int i : rest) {
            processes[i].awaitHealthy(Duration.ofSeconds(120));
        }
    }

    /** Starts the replica and waits until it answers its health check. */
    void start(int replica) throws InterruptedException {
        launch(replica);
        processes[replica].awaitHealthy(Duration.ofSeconds(120));
        long now = System.currentTimeMillis();
        outages.replaceAll(o -> o.replica() == replica && o.upAt() == 0 ? new Outage(replica, o.downAt(), now) : o);
    }

    private void launch(int replica) {
        Path dataDir = root.resolve("replica-" + replica);
        processes[replica] = MetaControllerProcess.start(MetaControllerProcess.defaultJar(), ports[replica], dataDir,
                List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"), List.of(
                        "--flotilla.database=external",
                        "--flotilla.replicas=" + ports.length,
                        "--spring.datasource.url=" + jdbcUrl,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=",
                        "--spring.datasource.hikari.maximum-pool-size=8",
                        "--flotilla.admin-token=" + ADMIN_TOKEN,
                        "--flotilla.agent.poll-timeout=2s",
                        "--flotilla.agent.heartbeat-timeout=8s",
                        "--flotilla.agent.heartbeat-flush-interval=500ms",
                        "--flotilla.agent.readiness-sweep-interval=1s",
                        "--flotilla.versions.step-deadline=60s",
                        // short webhook timeouts: a killed replica's in-flight delivery is leased for 18 s
                        "--flotilla.webhooks.connect-timeout=1s",
                        "--flotilla.webhooks.read-timeout=2s",
                        "--spring.main.banner-mode=off"));
    }

    /** SIGKILLs the replica (no shutdown hook, no drain) and notes when. */
    void kill(int replica) throws InterruptedException {
        outages.add(new Outage(replica, System.currentTimeMillis(), 0));
        processes[replica].kill();
    }

    int size() {
        return ports.length;
    }

    boolean alive(int replica) {
        return processes[replica] != null && processes[replica].alive();
    }

    URI url(int replica) {
        return URI.create("http://127.0.0.1:" + ports[replica]);
    }

    /** The replicas' ports as a load balancer reads them (0 while a replica is down: skipped). */
    List<IntSupplier> ports() {
        List<IntSupplier> suppliers = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) {
            int replica = i;
            suppliers.add(() -> alive(replica) ? ports[replica] : 0);
        }
        return suppliers;
    }

    /** Whether the replica was down (or being killed) at some moment in [from, to]. */
    boolean wasDown(int replica, long from, long to) {
        return outages.stream().anyMatch(o -> o.replica() == replica && o.downAt() <= to
                && (o.upAt() == 0 || o.upAt() >= from));
    }

    @Override
    public void close() {
        for (MetaControllerProcess process : processes) {
            if (process != null) {
                process.close();
            }
        }
        // the replicas' logs stay in the temporary directory, for a failed run to be read
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
