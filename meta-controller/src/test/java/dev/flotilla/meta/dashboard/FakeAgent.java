package dev.flotilla.meta.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** One tenant agent played over real HTTP: registers with its bootstrap token, polls work, reports status. */
final class FakeAgent {

    private final Api api;
    final String cluster;
    private final String token;
    private long seq;

    private FakeAgent(Api api, String cluster, String token) {
        this.api = api;
        this.cluster = cluster;
        this.token = token;
    }

    /** Registers the cluster's agent, reporting a Kubernetes version and a node count. */
    static FakeAgent register(Api api, String cluster, String bootstrapToken, String kubernetesVersion, int nodes,
            String zone) {
        Map<String, Object> facts = Map.of("kubernetesVersion", kubernetesVersion, "kruiseVersion", "v1.8.0",
                "agentVersion", "0.1.0", "nodes", nodes, "zones", List.of(zone),
                "kubeletVersions", List.of(kubernetesVersion));
        Api.Reply reply = api.post(bootstrapToken, "/agent/v1/register", facts);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        return new FakeAgent(api, cluster, reply.body().path("agentToken").asString());
    }

    /**
     * A work poll as an agent that holds nothing yet (generation 0): answered at once when the cluster has work, or
     * 204 after a second when it never had any; also a heartbeat.
     */
    List<JsonNode> poll() {
        Api.Reply reply = api.get(token, "/agent/v1/work?generation=0&timeoutSeconds=1");
        assertThat(reply.status()).as(reply.raw()).isIn(200, 204);
        return reply.status() == 204 ? List.of() : reply.body().path("items").valueStream().toList();
    }

    /** Reports a work item's phase, with observed counters of a 4-replica workload. */
    void report(JsonNode item, String phase, int batch, int batches, int updated, String message) {
        Map<String, Object> observed = Map.of("replicas", 4, "updatedReplicas", updated,
                "updatedReadyReplicas", updated, "readyReplicas", 4, "observedGeneration", 1);
        Map<String, Object> report = new java.util.LinkedHashMap<>();
        report.put("workId", item.path("workId").asString());
        report.put("generation", item.path("generation").asLong());
        report.put("seq", ++seq);
        report.put("phase", phase);
        report.put("batch", batch);
        report.put("batches", batches);
        report.put("observed", observed);
        report.put("message", message);
        Api.Reply reply = api.post(token, "/agent/v1/status", Map.of("reports", List.of(report)));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(204);
    }
}
