package dev.flotilla.agent.config;

import dev.flotilla.agent.TenantAgent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the probes answer. Live: the agent has not stopped on a fatal failure (its process then exits anyway;
 * nothing else a restart would cure). Ready: linked to both ends, the meta-controller (a work poll answered within
 * {@code pollStaleness}, and no call to it being retried) and the cluster's API server (its last version check
 * answered). An agent that is not ready keeps running and retrying: readiness is what a rollout of the agent itself
 * waits for, and what an alert watches.
 */
final class AgentHealth {

    /** A probe's answer: up or not, and why, as the JSON body shows it. */
    record Status(boolean up, Map<String, String> details) {

        String json() {
            StringBuilder body = new StringBuilder("{\"status\":\"").append(up ? "UP" : "DOWN").append('"');
            details.forEach((key, value) -> body.append(",\"").append(key).append("\":\"")
                    .append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
            return body.append('}').toString();
        }
    }

    private final Supplier<TenantAgent> agent;
    private final ApiServerCheck apiServer;
    private final Duration pollStaleness;
    private final Clock clock;

    AgentHealth(Supplier<TenantAgent> agent, ApiServerCheck apiServer, Duration pollStaleness, Clock clock) {
        this.agent = agent;
        this.apiServer = apiServer;
        this.pollStaleness = pollStaleness;
        this.clock = clock;
    }

    Status liveness() {
        boolean failed = agent.get().failure().isCompletedExceptionally();
        return new Status(!failed, Map.of("agent", failed ? "stopped on a fatal failure" : "running"));
    }

    Status readiness() {
        Map<String, String> details = new LinkedHashMap<>();
        boolean metaController = metaController(details);
        boolean cluster = apiServer(details);
        return new Status(metaController && cluster, details);
    }

    private boolean metaController(Map<String, String> details) {
        TenantAgent current = agent.get();
        Optional<Instant> last = current.lastSuccessfulPoll();
        last.ifPresent(at -> details.put("lastSuccessfulPoll", at.toString()));
        if (last.isEmpty()) {
            details.put("metaController", "DOWN: no work poll answered yet");
            return false;
        }
        if (!current.connected()) {
            details.put("metaController", "DOWN: unreachable (retrying)");
            return false;
        }
        if (Duration.between(last.get(), clock.instant()).compareTo(pollStaleness) > 0) {
            details.put("metaController", "DOWN: no work poll answered for more than " + pollStaleness);
            return false;
        }
        details.put("metaController", "UP");
        return true;
    }

    private boolean apiServer(Map<String, String> details) {
        ApiServerCheck.State state = apiServer.state();
        boolean up = Boolean.TRUE.equals(state.reachable());
        details.put("apiServer", up ? "UP" : "DOWN: " + state.detail());
        if (state.at() != null) {
            details.put("apiServerCheckedAt", state.at().toString());
        }
        return up;
    }
}
