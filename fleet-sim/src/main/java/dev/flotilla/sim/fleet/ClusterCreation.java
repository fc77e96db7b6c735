package dev.flotilla.sim.fleet;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import tools.jackson.databind.JsonNode;

/**
 * Creates clusters through the portal API, a bounded number at a time, and collects their bootstrap tokens. A name
 * that already exists (a demo run again on the same data) gets a fresh bootstrap token instead, which also revokes
 * the agent token an earlier run held.
 */
final class ClusterCreation {

    private static final int ATTEMPTS = 5;

    private final Portal portal;
    private final Semaphore inFlight;

    ClusterCreation(Portal portal, int concurrency) {
        this.portal = portal;
        this.inFlight = new Semaphore(concurrency);
    }

    /** Bootstrap tokens by cluster name; fails if any cluster could not be created. */
    Map<String, String> createAll(List<ClusterPlan> plans) {
        Map<String, String> tokens = new ConcurrentHashMap<>();
        CompletableFuture<?>[] calls = new CompletableFuture<?>[plans.size()];
        for (int i = 0; i < plans.size(); i++) {
            ClusterPlan plan = plans.get(i);
            inFlight.acquireUninterruptibly();
            calls[i] = create(plan, ATTEMPTS)
                    .thenAccept(token -> tokens.put(plan.name(), token))
                    .whenComplete((ok, error) -> inFlight.release());
        }
        CompletableFuture.allOf(calls).join();
        return tokens;
    }

    private CompletableFuture<String> create(ClusterPlan plan, int attemptsLeft) {
        return portal.postAsync("/api/v1/clusters", plan.request())
                .thenApply(ClusterCreation::bootstrapToken)
                .exceptionallyCompose(error -> {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (cause instanceof Portal.Refused refused && refused.status() == 409) {
                        return portal.postAsync("/api/v1/clusters/" + plan.name() + "/bootstrap-token", null)
                                .thenApply(ClusterCreation::bootstrapToken);
                    }
                    boolean transientError = !(cause instanceof Portal.Refused refused) || refused.status() >= 500;
                    if (transientError && attemptsLeft > 1) {
                        return CompletableFuture.supplyAsync(() -> null,
                                CompletableFuture.delayedExecutor(500, java.util.concurrent.TimeUnit.MILLISECONDS))
                                .thenCompose(x -> create(plan, attemptsLeft - 1));
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    private static String bootstrapToken(JsonNode answer) {
        String token = answer.path("bootstrapToken").asString();
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("the portal answered no bootstrap token: " + answer);
        }
        return token;
    }
}
