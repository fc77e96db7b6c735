package dev.flotilla.cli.support;

import dev.flotilla.meta.FlotillaMetaController;
import dev.flotilla.testsupport.SharedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real meta-controller, in-process on its own database of the shared embedded PostgreSQL, started once for all
 * CLI tests (they use unique names) and stopped when the test JVM exits.
 */
public final class MetaControllerServer {

    public static final String ADMIN_TOKEN = "flt_cli-admin-token";

    private static MetaControllerServer instance;

    private final int port = freePort();
    private final ConfigurableApplicationContext context;

    private MetaControllerServer() {
        context = new SpringApplicationBuilder(FlotillaMetaController.class).run(
                "--server.port=" + port,
                "--spring.datasource.url=" + SharedPostgres.newDatabase(),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--flotilla.admin-token=" + ADMIN_TOKEN,
                "--flotilla.data-dir=" + tempDir(),
                "--flotilla.agent.poll-timeout=2s",
                "--spring.main.banner-mode=off");
        Runtime.getRuntime().addShutdownHook(new Thread(context::close));
    }

    public static synchronized MetaControllerServer get() {
        if (instance == null) {
            instance = new MetaControllerServer();
        }
        return instance;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
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
            return Files.createTempDirectory("flotilla-cli-it").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
