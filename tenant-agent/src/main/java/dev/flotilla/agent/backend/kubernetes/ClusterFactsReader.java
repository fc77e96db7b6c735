package dev.flotilla.agent.backend.kubernetes;

import dev.flotilla.api.agent.ClusterFacts;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers a cluster's facts: API server version (discovery), Kruise version (the kruise-manager image tag, or
 * "absent"), node count, zones ({@code topology.kubernetes.io/zone}) and
 * regions ({@code topology.kubernetes.io/region}), kubelet versions, and the deprecated APIs
 * still requested that a later release removes (the API server's {@code /metrics}, see {@link DeprecatedApis}).
 */
final class ClusterFactsReader {

    static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    static final String REGION_LABEL = "topology.kubernetes.io/region";
    private static final Logger log = LoggerFactory.getLogger(ClusterFactsReader.class);

    private final KubernetesClient client;

    ClusterFactsReader(KubernetesClient client) {
        this.client = client;
    }

    ClusterFacts read() {
        List<Node> nodes = nodes();
        TreeSet<String> zones = new TreeSet<>();
        TreeSet<String> regions = new TreeSet<>();
        TreeSet<String> kubelets = new TreeSet<>();
        for (Node node : nodes) {
            Map<String, String> labels = node.getMetadata().getLabels();
            if (labels != null && labels.get(ZONE_LABEL) != null) {
                zones.add(labels.get(ZONE_LABEL));
            }
            if (labels != null && labels.get(REGION_LABEL) != null) {
                regions.add(labels.get(REGION_LABEL));
            }
            if (node.getStatus() != null && node.getStatus().getNodeInfo() != null
                    && node.getStatus().getNodeInfo().getKubeletVersion() != null) {
                kubelets.add(node.getStatus().getNodeInfo().getKubeletVersion());
            }
        }
        return new ClusterFacts(kubernetesVersion(), kruiseVersion(), null, nodes.size(), List.copyOf(zones),
                List.copyOf(kubelets), removedApisInUse(), List.copyOf(regions));
    }

    /**
     * From the API server that answered: each replica counts the requests it served since it started, so with
     * several replicas this is one replica's view (the agent reads it again every facts interval).
     */
    private List<String> removedApisInUse() {
        try {
            String metrics = client.raw("/metrics");
            return metrics == null ? List.of() : DeprecatedApis.requested(metrics);
        } catch (KubernetesClientException e) {
            log.warn("cannot read the API server's /metrics (RBAC nonResourceURLs /metrics get?): removed APIs "
                    + "still in use are not reported: {}", e.getMessage());
            return List.of();
        }
    }

    private String kubernetesVersion() {
        try {
            return client.getKubernetesVersion().getGitVersion();
        } catch (KubernetesClientException e) {
            log.warn("cannot read the API server version: {}", e.getMessage());
            return "unknown";
        }
    }

    private String kruiseVersion() {
        Deployment manager = client.apps().deployments().inNamespace("kruise-system")
                .withName("kruise-controller-manager").get();
        if (manager == null) {
            return "absent";
        }
        return manager.getSpec().getTemplate().getSpec().getContainers().stream()
                .map(Container::getImage).filter(Objects::nonNull).findFirst()
                .map(ClusterFactsReader::tag).orElse("absent");
    }

    /** {@code registry:5000/openkruise/kruise-manager:v1.8.0@sha256:...} -> {@code v1.8.0}. */
    static String tag(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        String name = withoutDigest.substring(withoutDigest.lastIndexOf('/') + 1);
        return name.contains(":") ? name.substring(name.indexOf(':') + 1) : "latest";
    }

    private List<Node> nodes() {
        return client.nodes().list().getItems();
    }
}
