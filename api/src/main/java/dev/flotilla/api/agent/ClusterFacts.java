package dev.flotilla.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What an agent discovers about its own cluster; sent at registration and whenever it changes.
 *
 * @param kubernetesVersion the API server's version as discovery reports it, e.g. {@code v1.30.4}
 * @param kruiseVersion the kruise-manager image tag, or {@code absent}
 * @param agentVersion the agent's own version
 * @param nodes the node count
 * @param zones distinct {@code topology.kubernetes.io/zone} node labels
 * @param kubeletVersions distinct kubelet versions of the nodes (for upgrade preflight); may be empty
 * @param removedApisInUse deprecated APIs the API server reports as still requested; may be empty
 * @param regions distinct {@code topology.kubernetes.io/region} node labels; may be empty. Only a self-registration
 *                reads them (to fill the new cluster's region); they are not kept
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterFacts(
        @Size(max = 64) String kubernetesVersion,
        @Size(max = 64) String kruiseVersion,
        @Size(max = 64) String agentVersion,
        @Min(0) Integer nodes,
        @Size(max = 256) List<@NotNull @Size(max = 128) String> zones,
        @Size(max = 256) List<@NotNull @Size(max = 64) String> kubeletVersions,
        @Size(max = 256) List<@NotNull @Size(max = 256) String> removedApisInUse,
        @Size(max = 256) List<@NotNull @Size(max = 128) String> regions) {

    /** Copies the lists; a null element is kept for validation to name (List.copyOf would throw unnamed). */
    public ClusterFacts {
        zones = copy(zones);
        regions = copy(regions);
        kubeletVersions = copy(kubeletVersions);
        removedApisInUse = copy(removedApisInUse);
    }

    /** Facts without node regions (a cluster whose nodes carry no region label, or a simulated one). */
    public ClusterFacts(String kubernetesVersion, String kruiseVersion, String agentVersion, Integer nodes,
            List<String> zones, List<String> kubeletVersions, List<String> removedApisInUse) {
        this(kubernetesVersion, kruiseVersion, agentVersion, nodes, zones, kubeletVersions, removedApisInUse,
                List.of());
    }

    private static List<String> copy(List<String> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
