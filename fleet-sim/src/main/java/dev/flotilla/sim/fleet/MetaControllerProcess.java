package dev.flotilla.sim.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The meta-controller as a child process ({@code java -jar}), as the demo and the benchmark run it: the agent jar
 * never links the meta-controller's classes. Its output goes to {@code <data-dir>/meta-controller.log}. It runs with
 * the settings its caller passes and none of the {@code FLOTILLA_*} or {@code SPRING_*} variables of the shell
 * (a production {@code FLOTILLA_ADMIN_TOKEN} or {@code SPRING_DATASOURCE_URL} exported there must not reach a demo).
 */
public final class MetaControllerProcess implements AutoCloseable {

    private static final HttpClient HEALTH = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Process process;
    private final URI url;
    private final Path dataDir;
    private final Path log;

    private MetaControllerProcess(Process process, URI url, Path dataDir, Path log) {
        this.process = process;
        this.url = url;
        this.dataDir = dataDir;
        this.log = log;
    }

    /**
     * Starts the jar on {@code port} with its embedded PostgreSQL in {@code dataDir} (or the given JDBC URL).
     *
     * @param jvmOptions extra JVM options, e.g. {@code -Xmx1g}
     * @param appArgs extra {@code --key=value} settings
     */
    public static MetaControllerProcess start(Path jar, int port, Path dataDir, List<String> jvmOptions,
            List<String> appArgs) {
        return start(Path.of(System.getProperty("java.home"), "bin", "java").toString(), jar, port, dataDir,
                jvmOptions, appArgs);
    }

    /** The same with another Java runtime than this one ({@code java}: its launcher). */
    public static MetaControllerProcess start(String java, Path jar, int port, Path dataDir, List<String> jvmOptions,
            List<String> appArgs) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no meta-controller jar at " + jar.toAbsolutePath()
                    + "; build it with ./mvnw -B -DskipTests package, or pass --meta-controller-jar=<path>");
        }
        URI url = URI.create("http://localhost:" + port);
        if (healthy(url)) {
            throw new IllegalStateException("something already answers on " + url + "; stop it or pass --port=<port>");
        }
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--server.port=" + port,
                "--flotilla.data-dir=" + dataDir.toAbsolutePath()));
        command.addAll(appArgs);
        try {
            Files.createDirectories(dataDir);
            Path log = dataDir.resolve("meta-controller.log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            isolate(builder.environment());
            Process process = builder.start();
            return new MetaControllerProcess(process, url, dataDir, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /**
     * Leaves the shell's meta-controller settings ({@code FLOTILLA_*}, {@code SPRING_*}) out of the child's
     * environment: with {@code FLOTILLA_ADMIN_TOKEN} the child would write no {@code admin-token} file for
     * {@link #adminToken()}, with {@code SPRING_DATASOURCE_URL} a demo would run on that database.
     */
    static void isolate(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("FLOTILLA_") || name.startsWith("SPRING_"));
    }

    /** The names of the shell's variables {@link #isolate} leaves out, to tell the user. */
    public static List<String> isolatedVariables() {
        return System.getenv().keySet().stream()
                .filter(name -> name.startsWith("FLOTILLA_") || name.startsWith("SPRING_")).sorted().toList();
    }

    /** The first of the usual build locations that holds the jar (the repository root, or a module directory). */
    public static Path defaultJar() {
        for (String candidate : List.of("meta-controller/target/flotilla-meta-controller.jar",
                "../meta-controller/target/flotilla-meta-controller.jar", "flotilla-meta-controller.jar")) {
            if (Files.isRegularFile(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return Path.of("meta-controller/target/flotilla-meta-controller.jar");
    }

    /** Waits until {@code /actuator/health} answers 200; fails if the process dies or the time runs out. */
    public MetaControllerProcess awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!healthy(url)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the meta-controller exited with " + process.exitValue()
                        + "; see " + log.toAbsolutePath());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the meta-controller was not healthy within " + timeout
                        + "; see " + log.toAbsolutePath());
            }
            Thread.sleep(250);
        }
        return this;
    }

    /**
     * The admin token the meta-controller generated and wrote to {@code <data-dir>/admin-token} (it writes none when
     * given one with {@code --flotilla.admin-token}: the caller knows it then).
     */
    public String adminToken() {
        try {
            return Files.readString(dataDir.resolve("admin-token")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the admin token in " + dataDir.toAbsolutePath(), e);
        }
    }

    public URI url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    static boolean healthy(URI url) {
        try {
            HttpResponse<Void> response = HEALTH.send(HttpRequest.newBuilder(url.resolve("/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kills the process at once (SIGKILL on Linux): no shutdown hook runs, as an OOM kill or a node loss. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Asks the service to stop (SIGTERM: it answers its parked polls and drains), then insists. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
