package dev.flotilla.meta.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.FlotillaMetaController;
import dev.flotilla.meta.support.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The embedded default: no datasource configured, data kept in the data directory across restarts. */
class EmbeddedDefaultRestartIT {

    @TempDir
    Path dataDir;

    @Test
    void keepsTheInventoryAndGeneratedAdminTokenAcrossARestart() throws Exception {
        String adminToken;
        try (ConfigurableApplicationContext first = start()) {
            Path tokenFile = dataDir.resolve("admin-token");
            assertThat(tokenFile).exists();
            adminToken = Files.readString(tokenFile).strip();
            Api api = api(first);
            assertThat(api.post(adminToken, "/api/v1/tokens", Map.of("name", "portal", "role", "viewer")).status())
                    .isEqualTo(201);
            assertThat(api.post(adminToken, "/api/v1/clusters", Map.of("name", "kept-1", "tenant", "acme",
                    "region", "eu-west", "zone", "eu-west-1a", "labels", Map.of("env", "prod"))).status())
                    .isEqualTo(201);
        }
        assertThat(dataDir.resolve("postgres")).isDirectory();

        try (ConfigurableApplicationContext second = start()) {
            Api api = api(second);
            assertThat(Files.readString(dataDir.resolve("admin-token")).strip()).isEqualTo(adminToken);
            Api.Reply tokens = api.get(adminToken, "/api/v1/tokens");
            assertThat(tokens.status()).isEqualTo(200);
            assertThat(tokens.raw()).contains("\"portal\"");
            Api.Reply cluster = api.get(adminToken, "/api/v1/clusters/kept-1");
            assertThat(cluster.status()).isEqualTo(200);
            assertThat(cluster.body().path("labels").path("env").asString()).isEqualTo("prod");
        }
    }

    private ConfigurableApplicationContext start() {
        // command-line arguments outrank application.yaml and the environment, as they would for an operator; the
        // blank KUBERNETES_SERVICE_HOST keeps flotilla.database=auto on the embedded default in a CI pod too
        return new SpringApplicationBuilder(FlotillaMetaController.class)
                .run("--server.port=0", "--flotilla.data-dir=" + dataDir, "--flotilla.admin-token=",
                        "--spring.datasource.url=", "--KUBERNETES_SERVICE_HOST=");
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api(((WebServerApplicationContext) context).getWebServer().getPort());
    }
}
