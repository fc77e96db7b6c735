package dev.flotilla.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer to a registration: the cluster's name and its agent token, shown this once.
 *
 * @param pollTimeoutSeconds how long the agent should ask each work long poll to wait
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegisterResponse(String cluster, String agentToken, int pollTimeoutSeconds) {
}
