package dev.flotilla.cli.support;

import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.StatusReports;
import dev.flotilla.api.agent.WorkPhase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Clusters for the CLI tests, added through the API and registered over the agent protocol as a real agent would
 * (its bootstrap token for its agent token), and agents' reports that finish their clusters' work.
 */
public final class TestFleet {

    public static final ClusterFacts FACTS = new ClusterFacts("v1.30.4", "v1.7.2", "0.1.0", 3, List.of("zone-a"),
            List.of("v1.30.4"), List.of());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestFleet() {
    }

    /** Adds a cluster and registers its agent: the cluster is READY; answers its agent token. */
    public static String readyCluster(String name, String tenant, Map<String, String> labels) {
        JsonNode added = call("POST", "/api/v1/clusters", MetaControllerServer.ADMIN_TOKEN, Map.of("name", name,
                "tenant", tenant, "region", "eu-west", "zone", "zone-a", "labels", labels));
        return register(added.path("bootstrapToken").asString(), Map.of());
    }

    /** Registers an agent with a bootstrap or registration token (and the body's extra fields); its agent token. */
    public static String register(String token, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(JSON.convertValue(FACTS, Map.class));
        body.putAll(extra);
        return call("POST", "/agent/v1/register", token, body).path("agentToken").asString();
    }

    /** Reports every work item of the cluster SUCCEEDED; answers how many there were. */
    public static int finishWork(String agentToken) {
        JsonNode work = call("GET", "/agent/v1/work?generation=0&timeoutSeconds=1", agentToken, null);
        if (work == null) {
            return 0;
        }
        List<StatusReport> reports = new ArrayList<>();
        work.path("items").forEach(item -> reports.add(new StatusReport(item.path("workId").asString(),
                item.path("generation").asLong(), System.nanoTime(), WorkPhase.SUCCEEDED, 1, 1, null, "done")));
        if (!reports.isEmpty()) {
            call("POST", "/agent/v1/status", agentToken, new StatusReports(reports));
        }
        return reports.size();
    }

    public static JsonNode call(String method, String path, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(MetaControllerServer.get().url() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body().isBlank() ? null : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
