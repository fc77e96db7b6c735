package dev.flotilla.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (the {@code prometheus} binary of the machine: Debian's package, which {@code .ci/run}
 * installs) on a free local port, with its own config and data directory, scraping one target every second.
 */
final class PrometheusServer implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final URI target;
    private Process process;

    PrometheusServer(URI target) {
        this.target = target;
        try {
            this.dir = Files.createTempDirectory("flotilla-prometheus");
            try (ServerSocket socket = new ServerSocket(0)) {
                this.port = socket.getLocalPort();
            }
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: fleet
                        metrics_path: %s
                        static_configs:
                          - targets: ['%s:%d']
                    """.formatted(target.getPath(), target.getHost(), target.getPort()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the machine has a Prometheus binary to run. */
    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/prometheus"));
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the server (again, on the same port and data) and waits until it is ready. */
    void start() throws InterruptedException {
        try {
            process = new ProcessBuilder("/usr/bin/prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start prometheus", e);
        }
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(url().resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited; see " + dir.resolve("prometheus.log"));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("prometheus was not ready in 60 s; see " + dir.resolve("prometheus.log"));
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Directories.delete(dir);
    }
}
