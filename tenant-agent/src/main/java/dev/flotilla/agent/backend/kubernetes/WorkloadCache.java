package dev.flotilla.agent.backend.kubernetes;

import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.WorkloadRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Informer caches, one per (kind, apiVersion, namespace) the agent manages, started on first use and selecting
 * only objects labelled {@code app.kubernetes.io/managed-by=flotilla-agent}. A write's answer is kept until the
 * informer has caught up with it, so the reconciler always reads its own writes.
 */
final class WorkloadCache implements AutoCloseable {

    private final KubernetesClient client;
    private final Map<String, SharedIndexInformer<GenericKubernetesResource>> informers = new ConcurrentHashMap<>();
    private final Map<String, GenericKubernetesResource> written = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    WorkloadCache(KubernetesClient client) {
        this.client = client;
    }

    GenericKubernetesResource get(WorkloadRef ref) {
        SharedIndexInformer<GenericKubernetesResource> informer = informers.computeIfAbsent(informerKey(ref),
                key -> start(ref));
        String key = ref.namespace() == null ? ref.name() : ref.namespace() + "/" + ref.name();
        GenericKubernetesResource cached = informer.getStore().getByKey(key);
        GenericKubernetesResource own = written.get(objectKey(ref));
        if (own == null) {
            return cached;
        }
        if (cached != null && newer(cached, own)) {
            written.remove(objectKey(ref), own);
            return cached;
        }
        return own;
    }

    /** What the agent's own last write of the object answered, without starting an informer; null if none. */
    GenericKubernetesResource lastWritten(WorkloadRef ref) {
        return written.get(objectKey(ref));
    }

    void wrote(WorkloadRef ref, GenericKubernetesResource answer) {
        if (answer != null) {
            written.put(objectKey(ref), answer);
        }
    }

    void forget(WorkloadRef ref) {
        written.remove(objectKey(ref));
    }

    void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private SharedIndexInformer<GenericKubernetesResource> start(WorkloadRef ref) {
        var all = client.genericKubernetesResources(KruiseResources.context(ref));
        var scoped = ref.namespace() == null ? all : all.inNamespace(ref.namespace());
        return scoped.withLabel(ClusterBackend.MANAGED_BY, ClusterBackend.FIELD_MANAGER).inform(new Handler(), 0);
    }

    /** Whether the informer's copy is at least as new as our own write (resource versions are etcd revisions). */
    private static boolean newer(GenericKubernetesResource cached, GenericKubernetesResource own) {
        try {
            return Long.parseLong(cached.getMetadata().getResourceVersion())
                    >= Long.parseLong(own.getMetadata().getResourceVersion());
        } catch (RuntimeException e) {
            return !cached.getMetadata().getResourceVersion().equals(own.getMetadata().getResourceVersion());
        }
    }

    private static String informerKey(WorkloadRef ref) {
        return ref.kind() + "|" + ref.apiVersion() + "|" + ref.namespace();
    }

    private static String objectKey(WorkloadRef ref) {
        return informerKey(ref) + "|" + ref.name();
    }

    private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {
        @Override
        public void onAdd(GenericKubernetesResource obj) {
            listeners.forEach(Runnable::run);
        }

        @Override
        public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
            listeners.forEach(Runnable::run);
        }

        @Override
        public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
            listeners.forEach(Runnable::run);
        }
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::close);
        informers.clear();
    }
}
