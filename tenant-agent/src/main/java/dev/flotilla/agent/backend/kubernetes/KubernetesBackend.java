package dev.flotilla.agent.backend.kubernetes;

import dev.flotilla.agent.backend.ApplyResult;
import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.PatchResult;
import dev.flotilla.agent.backend.Workload;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.api.agent.ClusterFacts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import java.util.Optional;

/**
 * A real cluster through fabric8: manifests go in through the {@link ApplyStrategy} (server-side apply by default),
 * reads come from informer caches, partition and pause changes are JSON merge patches. Transient API errors
 * (5xx, connection) are retried by the fabric8 client and then by the next reconcile pass; a 409 comes back as
 * {@link ApplyResult.Conflict} so the reconciler re-reads and applies again.
 */
public final class KubernetesBackend implements ClusterBackend {

    private final KubernetesClient client;
    private final ApplyStrategy strategy;
    private final WorkloadCache cache;
    private final ClusterFactsReader facts;

    public KubernetesBackend(KubernetesClient client, ApplyStrategy strategy) {
        this.client = client;
        this.strategy = strategy;
        this.cache = new WorkloadCache(client);
        this.facts = new ClusterFactsReader(client);
    }

    @Override
    public ApplyResult apply(WorkloadRef ref, Map<String, Object> manifest) {
        GenericKubernetesResource resource = client.getKubernetesSerialization()
                .convertValue(manifest, GenericKubernetesResource.class);
        try {
            GenericKubernetesResource answer = strategy.apply(client, KruiseResources.context(ref), resource);
            cache.wrote(ref, answer);
            return new ApplyResult.Applied(toWorkload(answer));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                cache.forget(ref);
                return new ApplyResult.Conflict(e.getMessage());
            }
            if (refusal(e.getCode())) {
                return new ApplyResult.Rejected(e.getCode() + ": " + reason(e));
            }
            throw e;
        }
    }

    @Override
    public Optional<Workload> read(WorkloadRef ref) {
        return Optional.ofNullable(cache.get(ref)).map(this::toWorkload);
    }

    @Override
    public PatchResult patch(WorkloadRef ref, Map<String, Object> mergePatch) {
        var all = client.genericKubernetesResources(KruiseResources.context(ref));
        var resource = (ref.namespace() == null ? all : all.inNamespace(ref.namespace())).withName(ref.name());
        try {
            GenericKubernetesResource answer = resource.patch(PatchContext.of(PatchType.JSON_MERGE),
                    client.getKubernetesSerialization().asJson(mergePatch));
            cache.wrote(ref, answer);
            return new PatchResult.Patched();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                cache.forget(ref);
                return new PatchResult.Missing();
            }
            if (refusal(e.getCode())) {
                return new PatchResult.Rejected(e.getCode() + ": " + reason(e));
            }
            throw e;
        }
    }

    @Override
    public ClusterFacts facts() {
        return facts.read();
    }

    @Override
    public void onChange(Runnable listener) {
        cache.onChange(listener);
    }

    @Override
    public void close() {
        cache.close();
    }

    /** 400 bad request, 403 forbidden, 404 no such kind (CRD missing), 422 invalid (webhook or schema). */
    private static boolean refusal(int code) {
        return code == 400 || code == 403 || code == 404 || code == 422;
    }

    private static String reason(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : e.getMessage();
    }

    @SuppressWarnings("unchecked")
    private Workload toWorkload(GenericKubernetesResource resource) {
        return new Workload(client.getKubernetesSerialization().convertValue(resource, Map.class));
    }
}
