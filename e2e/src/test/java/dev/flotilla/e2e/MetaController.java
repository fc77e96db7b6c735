package dev.flotilla.e2e;

import dev.flotilla.meta.FlotillaMetaController;
import dev.flotilla.sim.fleet.Portal;
import dev.flotilla.testsupport.SharedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The meta-controller in-process, on its own database and a fixed port, with agent timings short enough for tests:
 * a 2 s long poll, NOT_READY after 6 s without one. {@link #restart()} closes it and starts a new one on the same
 * database and port, as a redeploy would.
 */
final class MetaController implements AutoCloseable {

    static final String ADMIN_TOKEN = "flt_e2e-admin-token";

    private final String database = SharedPostgres.newDatabase();
    private final int port = freePort();
    private final List<String> args;
    private final HttpClient http = HttpClient.newHttpClient();
    private ConfigurableApplicationContext context;

    MetaController(String... extraArgs) {
        List<String> all = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--flotilla.admin-token=" + ADMIN_TOKEN,
                "--flotilla.data-dir=" + tempDir(),
                "--flotilla.agent.poll-timeout=2s",
                "--flotilla.agent.heartbeat-timeout=6s",
                "--flotilla.agent.heartbeat-flush-interval=500ms",
                "--flotilla.agent.readiness-sweep-interval=1s",
                "--spring.main.banner-mode=off",
                "--spring.config.location=" + ownConfig()));
        all.addAll(List.of(extraArgs));
        this.args = List.copyOf(all);
        start();
    }

    private void start() {
        context = new SpringApplicationBuilder(FlotillaMetaController.class).run(args.toArray(String[]::new));
    }

    void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    void restart() {
        stop();
        start();
    }

    URI url() {
        return URI.create("http://localhost:" + port);
    }

    Portal portal() {
        return new Portal(http, JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build(), url(), ADMIN_TOKEN);
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * The meta-controller's own application.yaml, alone: the agent jar on the same classpath brings an
     * application.yml (a non-web app) that Spring Boot would load as well.
     */
    private static String ownConfig() {
        try {
            var configs = MetaController.class.getClassLoader().getResources("application.yaml");
            while (configs.hasMoreElements()) {
                var url = configs.nextElement();
                if (url.toString().contains("meta-controller")) {
                    var copy = Files.createTempFile("flotilla-meta-controller", ".yml");
                    try (var in = url.openStream()) {
                        Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    return "file:" + copy;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("the meta-controller's application.yaml is not on the classpath");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("flotilla-e2e").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
