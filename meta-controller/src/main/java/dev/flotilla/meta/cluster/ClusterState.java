package dev.flotilla.meta.cluster;

import dev.flotilla.meta.web.FlotillaException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The state of a tenant cluster. The agent moves a cluster between REGISTERING, READY and NOT_READY;
 * only an operator sets and clears CORDONED, and the moves an operator makes are decided here.
 */
public enum ClusterState {
    REGISTERING, READY, NOT_READY, CORDONED;

    /** Cordoning keeps rollouts away whatever the agent's health; cordoning twice changes nothing. */
    public ClusterState cordon() {
        return CORDONED;
    }

    /**
     * Where an uncordon leads: back to REGISTERING while no agent holds a live token, READY when the last
     * heartbeat is recent enough, else NOT_READY. A cluster that is not cordoned keeps its state.
     */
    public ClusterState uncordon(boolean agentRegistered, Instant lastHeartbeat, Instant now, Duration timeout) {
        if (this != CORDONED) {
            return this;
        }
        if (!agentRegistered) {
            return REGISTERING;
        }
        boolean fresh = lastHeartbeat != null && !lastHeartbeat.isBefore(now.minus(timeout));
        return fresh ? READY : NOT_READY;
    }

    /** A new bootstrap token revokes the agent's token, so the cluster must register again (a cordon stays). */
    public ClusterState afterBootstrapReissue() {
        return this == CORDONED ? CORDONED : REGISTERING;
    }

    /** Parses a query parameter value, case-insensitively; an unknown state is a bad-input problem. */
    public static ClusterState parse(String parameter, String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw FlotillaException.badInput("parameter '" + parameter + "' has an invalid value '"
                    + value + "': it must be one of REGISTERING, READY, NOT_READY, CORDONED").with(parameter, value);
        }
    }
}
