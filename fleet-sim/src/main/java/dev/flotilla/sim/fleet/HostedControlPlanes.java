package dev.flotilla.sim.fleet;

import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.sim.backend.SimulatedCluster;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Kube-on-Kube in a simulated fleet: one cluster of the fleet hosts the control plane of another. The control plane
 * is recorded through the portal API and created on the host as a provisioning pipeline would create it, from the
 * manifests the meta-controller generates for its version ({@code GET .../control-plane/manifests}). From then on
 * the tenant's API server is the host's {@code kube-apiserver} in that namespace: the tenant's agent reports the
 * version it serves, and upgrades change it through the host's agent.
 */
public final class HostedControlPlanes {

    private HostedControlPlanes() {
    }

    /** Records and creates {@code tenant}'s control plane at {@code version} in {@code namespace} of {@code host}. */
    public static void provision(Fleet fleet, String host, String tenant, String namespace, String version) {
        Portal portal = fleet.portal();
        portal.put("/api/v1/clusters/" + tenant + "/control-plane", Map.of("hostCluster", host,
                "namespace", namespace, "version", version));
        JsonNode manifests = portal.get("/api/v1/clusters/" + tenant + "/control-plane/manifests");
        SimulatedCluster hosting = fleet.agent(host).cluster();
        for (JsonNode item : manifests.path("items")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> manifest = fleet.runtime().json().convertValue(item.path("manifest"), Map.class);
            WorkloadKind kind = WorkloadKind.valueOf(item.path("kind").asString());
            hosting.apply(new WorkloadRef(kind, item.path("apiVersion").asString(), namespace,
                    item.path("name").asString()), manifest);
        }
        fleet.agent(tenant).cluster().hostedOn(hosting, namespace);
    }
}
