package dev.flotilla.agent.config;

import static dev.flotilla.agent.support.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.AgentRuntime;
import dev.flotilla.agent.TenantAgent;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.agent.backend.kubernetes.ApplyStrategy;
import dev.flotilla.agent.backend.kubernetes.KubernetesBackend;
import dev.flotilla.agent.hub.FileTokenStore;
import dev.flotilla.agent.hub.HubResilience;
import dev.flotilla.agent.hub.HubTransport;
import dev.flotilla.agent.support.KruiseCrds;
import dev.flotilla.agent.support.Manifests;
import dev.flotilla.api.agent.UpdateType;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkResponse;
import dev.flotilla.api.agent.WorkloadKind;
import io.fabric8.kubernetes.api.model.StatusBuilder;
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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of an agent that polls a meta-controller stand-in, is given a CloneSet and applies it to the
 * fabric8 mock API server; the scrape is read as Prometheus reads it.
 */
@EnableKubernetesMockClient(crud = true)
class AgentMetricsIT {

    static KubernetesMockServer server;
    static KubernetesClient client;
    /** One backend for the class: the mock server can deadlock when a watch closes mid-event (see EtcdRolesIT). */
    private static KubernetesBackend kubernetes;
    private static PrometheusMeterRegistry registry;
    private static MeteredBackend backend;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBackend() {
        KruiseCrds.install(client);
        kubernetes = new KubernetesBackend(client, ApplyStrategy.createOrReplace());
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        backend = new MeteredBackend(kubernetes, registry);
    }

    @AfterAll
    static void closeBackend() {
        kubernetes.close();
    }

    @Test
    void exposesWorkItemsReportQueueLastPollAndAppliesOfAnAgentAtWork() throws Exception {
        try (MetaControllerStandIn meta = new MetaControllerStandIn();
                AgentRuntime runtime = new AgentRuntime(2, new HubResilience(Duration.ofMillis(20),
                        Duration.ofMillis(200)), HubTransport.direct())) {
            WorkItem item = Manifests.item("w-1", WorkloadKind.CloneSet, Manifests.cloneSet("metered", 4, "web:v2"),
                    1, Manifests.strategy(UpdateType.InPlaceIfPossible, "1", null, "2", "0"), false, false, 1);
            meta.answering(runtime.json().writeValueAsString(new WorkResponse(1, List.of(item)))).up();
            FileTokenStore tokens = new FileTokenStore(dir.resolve("agent-token"));
            tokens.save("flt_agent");
            TenantAgent agent = new TenantAgent(runtime, TenantAgent.Settings.of("metrics", meta.uri(), null)
                    .withPollTimeout(Duration.ofSeconds(1)), backend, tokens, Clock.systemUTC());
            AgentHealth health = new AgentHealth(() -> agent, new ApiServerCheck(() -> "v1.34.0",
                    Duration.ofSeconds(1), Clock.systemUTC()), Duration.ofMinutes(2), Clock.systemUTC());
            AgentMetrics.bind(registry, agent);
            ManagementServer management = new ManagementServer(0, health, registry);
            management.start();
            agent.start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> !meta.reports.isEmpty());

                String scrape = scrape(management.port());
                assertThat(value(scrape, "flotilla_agent_applies_total")).isGreaterThanOrEqualTo(1);
                assertThat(sum(scrape, "flotilla_agent_work_items\\{phase=\"[A-Z_]+\"}")).isEqualTo(1);
                assertThat(value(scrape, "flotilla_agent_last_successful_poll_timestamp_seconds"))
                        .isGreaterThan(System.currentTimeMillis() / 1000.0 - 60);
                assertThat(value(scrape, "flotilla_agent_meta_controller_connected")).isEqualTo(1);
                assertThat(value(scrape, "flotilla_agent_report_queue")).isGreaterThanOrEqualTo(0);
                assertThat(scrape).contains("# TYPE flotilla_agent_apply_errors_total counter",
                        "# TYPE flotilla_agent_batch_steps_total counter", "jvm_memory_used_bytes");
            } finally {
                agent.close();
                management.stop();
            }
        }
    }

    @Test
    void countsBatchStepsAndApplyErrorsByReason() {
        WorkloadRef ref = new WorkloadRef(WorkloadKind.CloneSet, "apps.kruise.io/v1alpha1", Manifests.NAMESPACE,
                "counted");
        backend.apply(ref, Manifests.cloneSet("counted", 4, "web:v1"));
        double steps = registry.get("flotilla.agent.batch.steps").counter().count();
        server.expect().post().withPath("/apis/apps.kruise.io/v1alpha1/namespaces/shop/clonesets")
                .andReturn(422, new StatusBuilder().withCode(422).withMessage("invalid").build()).once();

        backend.patch(ref, map("spec", map("updateStrategy", map("partition", 2))));
        backend.patch(ref, map("spec", map("updateStrategy", map("paused", true))));
        backend.apply(new WorkloadRef(WorkloadKind.CloneSet, "apps.kruise.io/v1alpha1", Manifests.NAMESPACE,
                "refused"), Manifests.cloneSet("refused", 4, "web:v1"));

        assertThat(registry.get("flotilla.agent.batch.steps").counter().count()).isEqualTo(steps + 1);
        assertThat(registry.get("flotilla.agent.apply.errors").tag("reason", "rejected").counter().count())
                .isGreaterThanOrEqualTo(1);
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        return response.body();
    }

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "(?:\\{[^}]*})? (\\S+)$").matcher(scrape);
        if (!m.find()) {
            throw new AssertionError("no " + series + " in\n" + scrape);
        }
        return Double.parseDouble(m.group(1));
    }

    private static double sum(String scrape, String seriesPattern) {
        Matcher m = Pattern.compile("(?m)^" + seriesPattern + " (\\S+)$").matcher(scrape);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }
}
