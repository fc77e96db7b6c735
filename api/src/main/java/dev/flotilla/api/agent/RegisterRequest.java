package dev.flotilla.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * The body of {@code POST /agent/v1/register}: the cluster's facts, and for a reusable registration token also the
 * name and labels the agent asks for its cluster. With a one-time bootstrap token the cluster already exists and
 * both are ignored, so an older agent's body (the facts alone) is still a valid request.
 *
 * @param clusterName the name of the cluster to add (a DNS-1123 label); required with a registration token
 * @param clusterLabels labels the agent adds to the registration token's own (the token's win on a shared key)
 * @param facts the facts, at the top level of the JSON object as before
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegisterRequest(
        @Size(max = 63) String clusterName,
        @Size(max = 64) Map<String, String> clusterLabels,
        @Valid @JsonUnwrapped ClusterFacts facts) {

    public RegisterRequest {
        clusterLabels = clusterLabels == null ? Map.of() : Map.copyOf(clusterLabels);
    }

    /** The request of an agent that registers with a bootstrap token: its facts alone. */
    public static RegisterRequest of(ClusterFacts facts) {
        return new RegisterRequest(null, null, facts);
    }
}
