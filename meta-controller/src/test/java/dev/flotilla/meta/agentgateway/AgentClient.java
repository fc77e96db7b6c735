package dev.flotilla.meta.agentgateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asynchronous work polls over real HTTP, as many agents would make them. The client runs on a few
 * threads of its own, so thousands of open polls cost the test no thread each either.
 */
final class AgentClient implements AutoCloseable {

    /** A poll's answer. */
    record Answer(int status, JsonNode body) {
        long generation() {
            return body.path("generation").asLong();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).executor(executor).build();
    private final String base;

    AgentClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    CompletableFuture<Answer> poll(String token, long generation, int timeoutSeconds) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        base + "/agent/v1/work?generation=" + generation + "&timeoutSeconds=" + timeoutSeconds))
                .timeout(Duration.ofSeconds(timeoutSeconds + 60))
                .header("Authorization", "Bearer " + token)
                .GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Answer(r.statusCode(), r.body().isBlank() ? null : JSON.readTree(r.body())));
    }

    @Override
    public void close() {
        // HttpClient is closeable only from Java 21; without its executor it goes idle and is collected
        executor.shutdownNow();
    }
}
