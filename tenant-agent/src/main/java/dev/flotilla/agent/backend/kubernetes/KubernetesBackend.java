package dev.flotilla.agent.backend.kubernetes;

import dev.flotilla.agent.backend.ApplyResult;
import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.DeleteResult;
import dev.flotilla.agent.backend.ObjectRef;
import dev.flotilla.agent.backend.ObjectRefused;
import dev.flotilla.agent.backend.PatchResult;
import dev.flotilla.agent.backend.PodState;
import dev.flotilla.agent.backend.Scope;
import dev.flotilla.agent.backend.Workload;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.api.agent.ClusterFacts;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real cluster through fabric8: manifests go in through the {@link ApplyStrategy} (server-side apply by default),
 * reads come from informer caches, partition and pause changes are JSON merge patches. Transient API errors
 * (5xx, connection) are retried by the fabric8 client and then by the next reconcile pass; a 409 comes back as
 * {@link ApplyResult.Conflict} so the reconciler re-reads and applies again. The pods of a workload (etcd role
 * labels of hosted control planes) are listed and patched directly, and etcd members asked over their metrics port.
 * A bundle's other resources (any kind, found through {@link ResourceKinds}) go through the same strategy and are
 * read and deleted directly: the agent touches them only while it applies, prunes or uninstalls.
 */
public final class KubernetesBackend implements ClusterBackend {

    private static final Logger log = LoggerFactory.getLogger(KubernetesBackend.class);

    /** How long one etcd member may take to connect, and to answer. */
    static final Duration ETCD_PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final ApplyStrategy strategy;
    private final WorkloadCache cache;
    private final ClusterFactsReader facts;
    private final WorkloadPods pods;
    private final EtcdMembers etcd;
    private final WorkloadEvents events;
    private final ResourceKinds kinds;
    private final String inventoryNamespace;

    /**
     * The agent's inventories go to the client's namespace: in a pod, the agent's own (fabric8 reads the service
     * account's namespace file), else the kubeconfig context's.
     */
    public KubernetesBackend(KubernetesClient client, ApplyStrategy strategy) {
        this.client = client;
        this.strategy = strategy;
        this.cache = new WorkloadCache(client);
        this.facts = new ClusterFactsReader(client);
        this.pods = new WorkloadPods(client);
        this.etcd = new EtcdMembers(ETCD_PROBE_TIMEOUT);
        this.events = new WorkloadEvents(client, Clock.systemUTC());
        this.kinds = new ResourceKinds(client);
        this.inventoryNamespace = client.getNamespace() == null ? "default" : client.getNamespace();
    }

    @Override
    public ApplyResult apply(WorkloadRef ref, Map<String, Object> manifest) {
        GenericKubernetesResource resource = client.getKubernetesSerialization()
                .convertValue(manifest, GenericKubernetesResource.class);
        GenericKubernetesResource before = cache.lastWritten(ref);
        try {
            GenericKubernetesResource answer = strategy.apply(client, KruiseResources.context(ref), resource);
            cache.wrote(ref, answer);
            if (before == null || !Objects.equals(before.getMetadata().getResourceVersion(),
                    answer.getMetadata().getResourceVersion())) {
                events.normal(ref, answer.getMetadata().getUid(), "Applied", EventNotes.applied(resource));
            }
            return new ApplyResult.Applied(toWorkload(answer));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                cache.forget(ref);
                return new ApplyResult.Conflict(e.getMessage());
            }
            if (refusal(e.getCode())) {
                events.warning(ref, uid(before), "ApplyRejected", EventNotes.applied(resource) + " refused: "
                        + e.getCode() + " " + reason(e));
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
            events.normal(ref, answer.getMetadata().getUid(), EventNotes.patchReason(mergePatch),
                    "Flotilla set " + EventNotes.fields(mergePatch));
            return new PatchResult.Patched();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                cache.forget(ref);
                return new PatchResult.Missing();
            }
            if (refusal(e.getCode())) {
                events.warning(ref, uid(cache.lastWritten(ref)), "PatchRejected", "Flotilla could not set "
                        + EventNotes.fields(mergePatch) + ": " + e.getCode() + " " + reason(e));
                return new PatchResult.Rejected(e.getCode() + ": " + reason(e));
            }
            throw e;
        }
    }

    @Override
    public void delete(WorkloadRef ref) {
        var all = client.genericKubernetesResources(KruiseResources.context(ref));
        var resource = (ref.namespace() == null ? all : all.inNamespace(ref.namespace())).withName(ref.name());
        cache.forget(ref);
        try {
            resource.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    @Override
    public Scope scope(String apiVersion, String kind) {
        return kinds.context(apiVersion, kind).map(c -> c.isNamespaceScoped() ? Scope.NAMESPACED : Scope.CLUSTER)
                .orElse(Scope.UNKNOWN);
    }

    @Override
    public ApplyResult applyObject(ObjectRef ref, Map<String, Object> manifest) {
        Optional<ResourceDefinitionContext> context = kinds.context(ref.apiVersion(), ref.kind());
        if (context.isEmpty()) {
            return new ApplyResult.Rejected("404: the server does not serve kind " + ref.kind() + " at "
                    + ref.apiVersion());
        }
        GenericKubernetesResource resource = client.getKubernetesSerialization()
                .convertValue(manifest, GenericKubernetesResource.class);
        try {
            return new ApplyResult.Applied(toWorkload(strategy.apply(client, context.get(), resource)));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return new ApplyResult.Conflict(e.getMessage());
            }
            if (refusal(e.getCode())) {
                return new ApplyResult.Rejected(e.getCode() + ": " + reason(e));
            }
            throw e;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> readObject(ObjectRef ref) {
        try {
            return kinds.context(ref.apiVersion(), ref.kind()).map(context -> resource(context, ref).get())
                    .map(live -> client.getKubernetesSerialization().convertValue(live, Map.class));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                throw new ObjectRefused(ref, e.getCode() + ": " + reason(e));
            }
            throw e;
        }
    }

    @Override
    public DeleteResult deleteObject(ObjectRef ref) {
        Optional<ResourceDefinitionContext> context = kinds.context(ref.apiVersion(), ref.kind());
        if (context.isEmpty()) {
            // a kind no longer served has no objects left to delete
            return new DeleteResult.Requested();
        }
        ref.workloadKind().ifPresent(kind -> cache.forget(ref.workload()));
        try {
            resource(context.get(), ref).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            return new DeleteResult.Requested();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return new DeleteResult.Requested();
            }
            if (refusal(e.getCode()) || e.getCode() == 405) {
                return new DeleteResult.Refused(e.getCode() + ": " + reason(e));
            }
            throw e;
        }
    }

    @Override
    public String inventoryNamespace() {
        return inventoryNamespace;
    }

    private io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource> resource(
            ResourceDefinitionContext context, ObjectRef ref) {
        var all = client.genericKubernetesResources(context);
        return (context.isNamespaceScoped() ? all.inNamespace(ref.namespace()) : all).withName(ref.name());
    }

    @Override
    public ClusterFacts facts() {
        return facts.read();
    }

    @Override
    public Map<String, Map<String, String>> podLabels(WorkloadRef ref) {
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        for (Pod pod : selectedPods(ref)) {
            Map<String, String> own = pod.getMetadata().getLabels();
            String name = pod.getMetadata().getName();
            labels.put(ref.namespace() == null ? pod.getMetadata().getNamespace() + "/" + name : name,
                    own == null ? Map.of() : Map.copyOf(own));
        }
        return labels;
    }

    @Override
    public List<PodState> podStates(WorkloadRef ref) {
        try {
            return selectedPods(ref).stream().map(PodStates::of).toList();
        } catch (KubernetesClientException e) {
            // no right to list them (RBAC), or the API server is busy: the health checks simply see no pod
            log.debug("cannot list the pods of {}: {}", ref, e.getMessage());
            return List.of();
        }
    }

    @Override
    public Map<String, Boolean> etcdLeadership(WorkloadRef ref) {
        return etcd.leadership(selectedPods(ref));
    }

    @Override
    public void labelPods(WorkloadRef ref, Map<String, Map<String, String>> labelsByPod) {
        pods.label(ref.namespace(), labelsByPod);
    }

    @Override
    public void onChange(Runnable listener) {
        cache.onChange(listener);
    }

    @Override
    public void close() {
        cache.close();
    }

    /** The pods the live workload's selector matches; none while the workload is not there. */
    private List<Pod> selectedPods(WorkloadRef ref) {
        GenericKubernetesResource live = cache.get(ref);
        return live == null ? List.of() : pods.selectedBy(ref.namespace(), live);
    }

    /** 400 bad request, 403 forbidden, 404 no such kind (CRD missing), 422 invalid (webhook or schema). */
    private static boolean refusal(int code) {
        return code == 400 || code == 403 || code == 404 || code == 422;
    }

    private static String uid(GenericKubernetesResource resource) {
        return resource == null ? null : resource.getMetadata().getUid();
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
