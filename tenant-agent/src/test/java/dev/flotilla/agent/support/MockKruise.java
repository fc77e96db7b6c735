package dev.flotilla.agent.support;

import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.backend.kubernetes.KruiseResources;
import dev.flotilla.agent.reconcile.WorkReconciler;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.api.agent.WorkloadKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A work reconciler on the mock API server, with the test playing the Kruise controller: it writes the status an
 * upstream controller would write, and reads back what the agent wrote.
 */
public final class MockKruise {

    private final KubernetesClient client;
    private final WorkReconciler reconciler;
    private final List<StatusReport> reports = new CopyOnWriteArrayList<>();

    public MockKruise(KubernetesClient client, dev.flotilla.agent.backend.ClusterBackend backend) {
        this.client = client;
        this.reconciler = new WorkReconciler("mock", backend, reports::add, java.time.Clock.systemUTC());
    }

    /** Hands the item to the agent and reconciles until a report matches. */
    public StatusReport reconcileUntil(WorkItem item, Predicate<StatusReport> wanted) {
        reconciler.accept(List.of(item));
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            reconciler.reconcile();
            return reports(item).stream().filter(wanted).findFirst().orElse(null);
        }, r -> r != null);
    }

    public StatusReport reconcileUntil(WorkItem item, WorkPhase phase) {
        return reconcileUntil(item, r -> r.phase() == phase);
    }

    public List<StatusReport> reports(WorkItem item) {
        return reports.stream().filter(r -> r.workId().equals(item.workId()) && r.generation() == item.generation())
                .toList();
    }

    /** The object as the API server holds it, or null. */
    public GenericKubernetesResource get(WorkloadKind kind, String apiVersion, String name) {
        return resource(kind, apiVersion, name).get();
    }

    /** Writes the status an upstream controller would, stamped with the object's generation. */
    public void controllerWrites(WorkloadKind kind, String apiVersion, String name, Map<String, Object> status) {
        GenericKubernetesResource live = get(kind, apiVersion, name);
        Map<String, Object> written = new java.util.LinkedHashMap<>(status);
        if (kind != WorkloadKind.BroadcastJob) {
            written.put("observedGeneration", live.getMetadata().getGeneration());
        }
        live.getAdditionalProperties().put("status", written);
        scoped(kind, apiVersion).resource(live).updateStatus();
    }

    private Resource<GenericKubernetesResource> resource(WorkloadKind kind, String apiVersion, String name) {
        return scoped(kind, apiVersion).withName(name);
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> scoped(WorkloadKind kind, String apiVersion) {
        var all = client.genericKubernetesResources(KruiseResources.context(kind, apiVersion));
        return kind.namespaced() ? all.inNamespace(Manifests.NAMESPACE) : all;
    }
}
