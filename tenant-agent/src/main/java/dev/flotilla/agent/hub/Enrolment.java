package dev.flotilla.agent.hub;

import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.api.agent.RegisterRequest;
import java.util.Map;

/**
 * What an agent registers with when no agent token is stored: a one-time bootstrap token ({@code flb_}) of a cluster
 * an admin already added, or a reusable registration token ({@code flr_}) with the name and labels of the cluster the
 * agent adds itself.
 *
 * @param token the bootstrap or registration token
 * @param clusterName the cluster to add (a registration token needs it; a bootstrap token ignores it)
 * @param clusterLabels labels added to the registration token's own
 */
public record Enrolment(String token, String clusterName, Map<String, String> clusterLabels) {

    /** The prefix of a reusable registration token. */
    public static final String REGISTRATION_PREFIX = "flr_";

    public Enrolment {
        clusterLabels = clusterLabels == null ? Map.of() : Map.copyOf(clusterLabels);
    }

    /** A one-time bootstrap token alone; null when there is none. */
    public static Enrolment bootstrap(String token) {
        return token == null || token.isBlank() ? null : new Enrolment(token, null, Map.of());
    }

    /** Whether the token is a reusable registration token (the agent then adds its own cluster). */
    public boolean reusable() {
        return token != null && token.startsWith(REGISTRATION_PREFIX);
    }

    /** The registration request for the cluster's current facts. */
    RegisterRequest request(ClusterFacts facts) {
        return new RegisterRequest(clusterName, clusterLabels, facts);
    }
}
