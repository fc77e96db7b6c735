package dev.flotilla.agent.backend.kubernetes;

import dev.flotilla.agent.backend.ClusterBackend;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** How a manifest reaches the API server. Server-side apply in production; create-or-replace for the mock server. */
public sealed interface ApplyStrategy permits ApplyStrategy.ServerSideApply, ApplyStrategy.CreateOrReplace {

    GenericKubernetesResource apply(KubernetesClient client, ResourceDefinitionContext context,
            GenericKubernetesResource manifest);

    /** Server-side apply as field manager {@code flotilla-agent}, forcing conflicts: the agent owns what it sends. */
    static ApplyStrategy serverSide() {
        return new ServerSideApply();
    }

    /** Create, or replace an existing object: for API servers without SSA (the fabric8 mock server). */
    static ApplyStrategy createOrReplace() {
        return new CreateOrReplace();
    }

    static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> resources(KubernetesClient client, ResourceDefinitionContext context,
            GenericKubernetesResource manifest) {
        var all = client.genericKubernetesResources(context);
        String namespace = manifest.getMetadata().getNamespace();
        return context.isNamespaceScoped() ? all.inNamespace(namespace) : all;
    }

    /** PATCH with {@code application/apply-patch+yaml}, {@code fieldManager=flotilla-agent}, {@code force=true}. */
    record ServerSideApply() implements ApplyStrategy {
        @Override
        public GenericKubernetesResource apply(KubernetesClient client, ResourceDefinitionContext context,
                GenericKubernetesResource manifest) {
            // fabric8 sends PATCH with application/apply-patch+yaml and ?fieldManager=...&force=true, no prior GET
            return resources(client, context, manifest).resource(manifest)
                    .fieldManager(ClusterBackend.FIELD_MANAGER).forceConflicts().serverSideApply();
        }
    }

    /**
     * Creates the object, or replaces it (PUT with the live resourceVersion, so a concurrent change is a 409). Labels
     * and annotations of others and a {@code spec.replicas} the manifest leaves out are carried over.
     */
    record CreateOrReplace() implements ApplyStrategy {
        @Override
        public GenericKubernetesResource apply(KubernetesClient client, ResourceDefinitionContext context,
                GenericKubernetesResource manifest) {
            GenericKubernetesResource live = resources(client, context, manifest)
                    .withName(manifest.getMetadata().getName()).get();
            if (live == null) {
                return resources(client, context, manifest).resource(manifest).create();
            }
            manifest.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
            manifest.getMetadata().setLabels(merged(live.getMetadata().getLabels(),
                    manifest.getMetadata().getLabels()));
            manifest.getMetadata().setAnnotations(merged(live.getMetadata().getAnnotations(),
                    manifest.getMetadata().getAnnotations()));
            Object spec = manifest.getAdditionalProperties().get("spec");
            Object liveSpec = live.getAdditionalProperties().get("spec");
            if (spec instanceof Map<?, ?> s && liveSpec instanceof Map<?, ?> l && !s.containsKey("replicas")
                    && l.containsKey("replicas")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> writable = (Map<String, Object>) s;
                writable.put("replicas", l.get("replicas"));
            }
            return resources(client, context, manifest).resource(manifest).update();
        }

        private static Map<String, String> merged(Map<String, String> live, Map<String, String> ours) {
            Map<String, String> all = new LinkedHashMap<>(live == null ? Map.of() : live);
            all.putAll(ours == null ? Map.of() : ours);
            return all;
        }
    }
}
