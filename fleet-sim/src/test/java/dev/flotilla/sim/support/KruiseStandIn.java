package dev.flotilla.sim.support;

import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.WorkloadShape;
import dev.flotilla.agent.backend.kubernetes.KruiseResources;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.sim.backend.KruiseModel;
import dev.flotilla.sim.backend.SimulatedPods;
import dev.flotilla.sim.backend.SimulationSettings;
import dev.flotilla.testsupport.SettableClock;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the Kruise controllers on the mock API server: every pass it reads each Kruise object, runs the same
 * {@link KruiseModel} the simulated backend uses (its clock moves one simulated second per pass) and writes the
 * status through the status subresource. It records every partition it sees, per object.
 */
public final class KruiseStandIn implements AutoCloseable {

    private static final Map<WorkloadKind, String> VERSIONS = Map.of(WorkloadKind.CloneSet, "apps.kruise.io/v1alpha1",
            WorkloadKind.StatefulSet, "apps.kruise.io/v1beta1", WorkloadKind.UnitedDeployment,
            "apps.kruise.io/v1alpha1", WorkloadKind.SidecarSet, "apps.kruise.io/v1beta1",
            WorkloadKind.BroadcastJob, "apps.kruise.io/v1beta1");

    private final KubernetesClient client;
    private final KruiseModel model;
    private final KruiseModel.Environment env;
    private final SettableClock clock = new SettableClock();
    private final Map<String, SimulatedPods> pods = new ConcurrentHashMap<>();
    private final Map<String, List<Object>> partitions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    private volatile Object freezeAt;
    private volatile boolean frozen;

    public KruiseStandIn(KubernetesClient client, SimulationSettings settings, KruiseModel.Environment env) {
        this.client = client;
        this.model = new KruiseModel(settings.timing(false));
        this.env = env;
        loop.scheduleWithFixedDelay(this::pass, 0, 50, TimeUnit.MILLISECONDS);
    }

    /** The partitions seen on one object, consecutive repeats folded. */
    public List<Object> partitions(WorkloadKind kind, String name) {
        return new ArrayList<>(partitions.getOrDefault(kind + "/" + name, List.of()));
    }

    /** Stops moving status (as a stalled controller would) once some object shows this partition. */
    public void freezeAt(Object partition) {
        freezeAt = partition;
    }

    public boolean frozen() {
        return frozen;
    }

    public void thaw() {
        freezeAt = null;
        frozen = false;
    }

    public void forgetPartitions() {
        partitions.clear();
    }

    private void pass() {
        if (frozen) {
            return;
        }
        clock.advance(Duration.ofSeconds(1));
        for (WorkloadKind kind : WorkloadKind.values()) {
            try {
                var resources = client.genericKubernetesResources(KruiseResources.context(kind, VERSIONS.get(kind)));
                var items = kind.namespaced() ? resources.inAnyNamespace().list().getItems()
                        : resources.list().getItems();
                items.forEach(item -> control(kind, item));
            } catch (KubernetesClientException e) {
                // a conflict with the agent's write: the next pass reads again
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void control(WorkloadKind kind, GenericKubernetesResource item) {
        Map<String, Object> object = client.getKubernetesSerialization().convertValue(item, Map.class);
        String key = kind + "/" + item.getMetadata().getName();
        record(kind, key, object);
        if (frozen) {
            return;
        }
        Map<String, Object> status = model.advance(object, pods.computeIfAbsent(key, k -> new SimulatedPods()),
                clock.millis(), env);
        if (!Objects.equals(client.getKubernetesSerialization().convertValue(status, Map.class),
                object.get("status"))) {
            item.getAdditionalProperties().put("status", status);
            var resources = client.genericKubernetesResources(KruiseResources.context(kind, VERSIONS.get(kind)));
            (kind.namespaced() ? resources.inNamespace(item.getMetadata().getNamespace()) : resources)
                    .resource(item).updateStatus();
        }
    }

    private void record(WorkloadKind kind, String key, Map<String, Object> object) {
        if (kind == WorkloadKind.BroadcastJob) {
            return;
        }
        Map<String, Integer> seen = WorkloadShape.of(kind).partitions(object);
        Object value = seen.size() == 1 && seen.containsKey("") ? seen.get("") : seen;
        if (kind == WorkloadKind.SidecarSet) {
            value = FieldPaths.get(object, "spec.updateStrategy.partition");
        }
        List<Object> list = partitions.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
        if (list.isEmpty() || !list.get(list.size() - 1).equals(value)) {
            list.add(value);
        }
        if (value.equals(freezeAt)) {
            frozen = true;
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
