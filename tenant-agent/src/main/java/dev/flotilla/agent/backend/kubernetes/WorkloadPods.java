package dev.flotilla.agent.backend.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pods a workload selects, listed straight from the API server, and label merges on them. Only the etcd role
 * labeler uses this, a few times a minute per hosted control plane, so a direct list beats another informer.
 */
final class WorkloadPods {

    private static final Logger log = LoggerFactory.getLogger(WorkloadPods.class);

    private final KubernetesClient client;

    WorkloadPods(KubernetesClient client) {
        this.client = client;
    }

    /**
     * The pods in {@code namespace} that the workload's {@code spec.selector.matchLabels} matches; for a
     * cluster-scoped workload (a SidecarSet, {@code namespace} null) the pods of every namespace.
     */
    List<Pod> selectedBy(String namespace, GenericKubernetesResource workload) {
        Map<String, String> matchLabels = matchLabels(workload);
        if (matchLabels.isEmpty()) {
            // An empty selector would list every pod of the namespace: not this workload's pods.
            return List.of();
        }
        return namespace == null ? client.pods().inAnyNamespace().withLabels(matchLabels).list().getItems()
                : client.pods().inNamespace(namespace).withLabels(matchLabels).list().getItems();
    }

    /** Merges each pod's labels into its {@code metadata.labels}; a pod deleted meanwhile is skipped. */
    void label(String namespace, Map<String, Map<String, String>> labelsByPod) {
        if (namespace == null) {
            return;
        }
        labelsByPod.forEach((pod, labels) -> {
            if (!labels.isEmpty()) {
                label(namespace, pod, labels);
            }
        });
    }

    private void label(String namespace, String pod, Map<String, String> labels) {
        String patch = client.getKubernetesSerialization().asJson(Map.of("metadata", Map.of("labels", labels)));
        try {
            client.pods().inNamespace(namespace).withName(pod).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            log.info("labelled pod {}/{} with {}", namespace, pod, labels);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            log.debug("pod {}/{} is gone, not labelling it", namespace, pod);
        }
    }

    private static Map<String, String> matchLabels(GenericKubernetesResource workload) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (workload.get("spec", "selector", "matchLabels") instanceof Map<?, ?> matchLabels) {
            matchLabels.forEach((key, value) -> labels.put(key.toString(), String.valueOf(value)));
        }
        return labels;
    }
}
