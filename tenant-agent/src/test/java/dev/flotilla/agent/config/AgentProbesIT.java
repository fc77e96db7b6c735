package dev.flotilla.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.AgentRuntime;
import dev.flotilla.agent.TenantAgent;
import dev.flotilla.agent.backend.kubernetes.ApplyStrategy;
import dev.flotilla.agent.backend.kubernetes.KubernetesBackend;
import dev.flotilla.agent.hub.FileTokenStore;
import dev.flotilla.agent.hub.HubResilience;
import dev.flotilla.agent.hub.HubTransport;
import io.fabric8.kubernetes.api.model.version.InfoBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes over real HTTP on the management port of an agent whose meta-controller comes and goes, on the
 * fabric8 mock API server.
 */
@EnableKubernetesMockClient(crud = true)
class AgentProbesIT {

    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    Path dir;

    private final MetaControllerStandIn meta = new MetaControllerStandIn();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicBoolean apiServerDown = new AtomicBoolean();
    private AgentRuntime runtime;
    private KubernetesBackend backend;
    private TenantAgent agent;
    private ApiServerCheck apiServer;
    private ManagementServer management;

    @BeforeEach
    void start() throws Exception {
        server.expect().get().withPath("/version").andReturn(200, new InfoBuilder().withMajor("1")
                .withMinor("34").withGitVersion("v1.34.0").withPlatform("linux/amd64").build()).always();
        FileTokenStore tokens = new FileTokenStore(dir.resolve("agent-token"));
        tokens.save("flt_agent");
        runtime = new AgentRuntime(2, new HubResilience(Duration.ofMillis(20), Duration.ofMillis(200)),
                HubTransport.direct());
        backend = new KubernetesBackend(client, ApplyStrategy.createOrReplace());
        agent = new TenantAgent(runtime, TenantAgent.Settings.of("probes", meta.uri(), null)
                .withPollTimeout(Duration.ofSeconds(1)), backend, tokens, Clock.systemUTC());
        apiServer = new ApiServerCheck(() -> {
            if (apiServerDown.get()) {
                throw new IllegalStateException("connection refused");
            }
            return client.getKubernetesVersion().getGitVersion();
        }, Duration.ofMillis(100), Clock.systemUTC());
        apiServer.start();
        AgentHealth health = new AgentHealth(() -> agent, apiServer, Duration.ofMinutes(2), Clock.systemUTC());
        management = new ManagementServer(0, health, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        management.start();
        agent.start();
    }

    @AfterEach
    void stop() {
        agent.close();
        management.stop();
        apiServer.close();
        backend.close();
        runtime.close();
        meta.close();
    }

    @Test
    void isLiveButNotReadyWhileTheMetaControllerIsUnreachable() throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(() -> get("/readyz").body().contains("\"apiServer\":\"UP\""));

        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("\"status\":\"DOWN\"", "\"metaController\":\"DOWN: no work poll answered yet\"");
        assertThat(get("/livez").statusCode()).isEqualTo(200);
    }

    @Test
    void becomesReadyAfterASuccessfulPollAndUnreadyWhenTheMetaControllerGoesAway() throws Exception {
        meta.up();

        await().atMost(Duration.ofSeconds(10)).until(() -> get("/readyz").statusCode() == 200);
        assertThat(get("/readyz").body()).contains("\"status\":\"UP\"", "\"metaController\":\"UP\"",
                "\"apiServer\":\"UP\"", "\"lastSuccessfulPoll\":\"");

        meta.down();

        await().atMost(Duration.ofSeconds(10)).until(() -> get("/readyz").statusCode() == 503);
        assertThat(get("/readyz").body()).contains("\"metaController\":\"DOWN: unreachable (retrying)\"");
        assertThat(get("/livez").statusCode()).isEqualTo(200);
    }

    @Test
    void isNotReadyWhileItsApiServerDoesNotAnswer() throws Exception {
        meta.up();
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/readyz").statusCode() == 200);

        apiServerDown.set(true);

        await().atMost(Duration.ofSeconds(5)).until(() -> get("/readyz").statusCode() == 503);
        assertThat(get("/readyz").body()).contains("\"metaController\":\"UP\"",
                "\"apiServer\":\"DOWN: connection refused\"");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
