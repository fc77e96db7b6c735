package dev.flotilla.agent.backend.kubernetes;

import dev.flotilla.agent.backend.BuiltinKinds;
import dev.flotilla.agent.backend.ObjectRef;
import dev.flotilla.api.agent.WorkloadKind;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API coordinates (plural, scope) of any kind, for fabric8's generic resource client: the Kruise workloads and
 * the {@link BuiltinKinds} statically, every other kind through API discovery of its group version
 * ({@code GET /apis/<group>/<version>}, an {@code APIResourceList}), as kubectl's discovery RESTMapper does. A kind
 * found is remembered; a kind not found is asked again next time, since a CRD applied just before it may take a
 * moment to be established.
 */
final class ResourceKinds {

    private final KubernetesClient client;
    private final Map<String, ResourceDefinitionContext> discovered = new ConcurrentHashMap<>();

    ResourceKinds(KubernetesClient client) {
        this.client = client;
    }

    /** The coordinates of the kind, or empty when the cluster does not serve it at that version. */
    Optional<ResourceDefinitionContext> context(String apiVersion, String kind) {
        Optional<WorkloadKind> workload = ObjectRef.workloadKind(apiVersion, kind);
        if (workload.isPresent()) {
            return Optional.of(KruiseResources.context(workload.get(), apiVersion));
        }
        Optional<BuiltinKinds.Kind> builtin = BuiltinKinds.of(apiVersion, kind);
        if (builtin.isPresent()) {
            return Optional.of(context(apiVersion, kind, builtin.get().plural(), builtin.get().namespaced()));
        }
        String key = apiVersion + "/" + kind;
        ResourceDefinitionContext known = discovered.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<ResourceDefinitionContext> found = discover(apiVersion, kind);
        found.ifPresent(context -> discovered.put(key, context));
        return found;
    }

    private Optional<ResourceDefinitionContext> discover(String apiVersion, String kind) {
        APIResourceList resources;
        try {
            resources = client.getApiResources(apiVersion);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        if (resources == null || resources.getResources() == null) {
            return Optional.empty();
        }
        // subresources (clonesets/status, clonesets/scale) repeat the kind: the resource itself has no slash
        return resources.getResources().stream()
                .filter(r -> kind.equals(r.getKind()) && r.getName() != null && !r.getName().contains("/"))
                .findFirst()
                .map((APIResource r) -> context(apiVersion, kind, r.getName(), Boolean.TRUE.equals(r.getNamespaced())));
    }

    private static ResourceDefinitionContext context(String apiVersion, String kind, String plural,
            boolean namespaced) {
        int slash = apiVersion.indexOf('/');
        return new ResourceDefinitionContext.Builder()
                .withGroup(slash < 0 ? "" : apiVersion.substring(0, slash))
                .withVersion(apiVersion.substring(slash + 1))
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(namespaced)
                .build();
    }
}
