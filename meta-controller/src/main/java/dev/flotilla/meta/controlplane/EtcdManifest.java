package dev.flotilla.meta.controlplane;

import static dev.flotilla.meta.controlplane.ManifestMaps.list;
import static dev.flotilla.meta.controlplane.ManifestMaps.mount;
import static dev.flotilla.meta.controlplane.ManifestMaps.obj;

import dev.flotilla.api.agent.EtcdRoles;
import dev.flotilla.meta.versions.ControlPlaneComponent;
import dev.flotilla.meta.versions.KubernetesRelease;
import java.util.Map;

/**
 * The etcd of a tenant control plane: an Advanced StatefulSet of three members updated one at a time, in place,
 * followers first and the leader last.
 */
final class EtcdManifest {

    static final int MEMBERS = 3;
    /** Kept on each etcd pod by the control plane's role labeler: {@code leader} or {@code follower}. */
    static final String ROLE_LABEL = EtcdRoles.LABEL;

    private EtcdManifest() {
    }

    static Map<String, Object> of(HostedControlPlane controlPlane, KubernetesRelease release) {
        ControlPlaneComponent etcd = ControlPlaneComponent.ETCD;
        Map<String, Object> labels = ManifestMaps.selectorLabels(controlPlane, etcd);
        return obj("apiVersion", etcd.kind().apiVersion(), "kind", etcd.kind().name(),
                "metadata", ManifestMaps.metadata(controlPlane, etcd, release),
                "spec", obj("replicas", MEMBERS,
                        "serviceName", "etcd",
                        // Parallel: the members must start together to form a quorum (OrderedReady would wait
                        // forever for etcd-0 to be ready alone); it is also what unorderedUpdate requires.
                        "podManagementPolicy", "Parallel",
                        "selector", obj("matchLabels", labels),
                        "template", obj("metadata", obj("labels", ManifestMaps.selectorLabels(controlPlane, etcd)),
                                "spec", podSpec(controlPlane, release)),
                        "volumeClaimTemplates", list(obj("metadata", obj("name", "data"),
                                "spec", obj("accessModes", list("ReadWriteOnce"),
                                        "resources", obj("requests", obj("storage", "10Gi"))))),
                        "updateStrategy", obj("type", "RollingUpdate", "rollingUpdate", rollingUpdate())));
    }

    /**
     * One member at a time (a three-member cluster keeps its quorum with one member down), in place (only the
     * image changes between minors, so the data volume and the pod's identity stay), and the leader last:
     * restarting a follower costs nothing, restarting the leader forces an election. Updating the followers
     * first means exactly one election per upgrade, and the new leader is then elected among members that
     * already run the new version instead of moving to an old member that is restarted right after.
     * Pods whose role is not (yet) labelled weigh as much as the leader, so an unknown never goes first.
     */
    private static Map<String, Object> rollingUpdate() {
        return obj("partition", 0,
                "maxUnavailable", 1,
                "podUpdatePolicy", "InPlaceIfPossible",
                "unorderedUpdate", obj("priorityStrategy", obj("weightPriority", list(
                        obj("weight", 100, "matchSelector", obj("matchLabels", obj(ROLE_LABEL, EtcdRoles.FOLLOWER)))))));
    }

    private static Map<String, Object> podSpec(HostedControlPlane controlPlane, KubernetesRelease release) {
        String peers = peerUrls(controlPlane);
        String self = "$(POD_NAME).etcd." + controlPlane.namespace() + ".svc";
        return obj(
                // the in-place policy is refused by Kruise's webhook without this gate
                "readinessGates", list(obj("conditionType", "InPlaceUpdateReady")),
                "containers", list(obj("name", "etcd",
                        "image", release.image(ControlPlaneComponent.ETCD),
                        "command", list("etcd"),
                        "args", list("--name=$(POD_NAME)", "--data-dir=/var/lib/etcd",
                                "--listen-client-urls=https://0.0.0.0:2379",
                                "--advertise-client-urls=https://" + self + ":2379",
                                "--listen-peer-urls=https://0.0.0.0:2380",
                                "--initial-advertise-peer-urls=https://" + self + ":2380",
                                "--initial-cluster=" + peers, "--initial-cluster-state=new",
                                "--initial-cluster-token=" + controlPlane.cluster(),
                                "--listen-metrics-urls=http://0.0.0.0:2381",
                                "--cert-file=/etc/etcd/pki/server.crt", "--key-file=/etc/etcd/pki/server.key",
                                "--peer-cert-file=/etc/etcd/pki/peer.crt", "--peer-key-file=/etc/etcd/pki/peer.key",
                                "--trusted-ca-file=/etc/etcd/pki/ca.crt", "--peer-trusted-ca-file=/etc/etcd/pki/ca.crt",
                                "--client-cert-auth=true", "--peer-client-cert-auth=true"),
                        "env", list(obj("name", "POD_NAME",
                                "valueFrom", obj("fieldRef", obj("fieldPath", "metadata.name")))),
                        "ports", list(obj("name", "client", "containerPort", 2379),
                                obj("name", "peer", "containerPort", 2380),
                                obj("name", "metrics", "containerPort", 2381)),
                        "readinessProbe", obj("httpGet", obj("path", "/health", "port", 2381),
                                "periodSeconds", 5, "failureThreshold", 3),
                        "volumeMounts", list(obj("name", "data", "mountPath", "/var/lib/etcd"),
                                mount("pki", "/etc/etcd/pki")))),
                "volumes", list(ManifestMaps.secretVolume("pki", "etcd-pki")));
    }

    private static String peerUrls(HostedControlPlane controlPlane) {
        StringBuilder peers = new StringBuilder();
        for (int i = 0; i < MEMBERS; i++) {
            peers.append(i == 0 ? "" : ",").append("etcd-").append(i).append("=https://etcd-").append(i)
                    .append(".etcd.").append(controlPlane.namespace()).append(".svc:2380");
        }
        return peers.toString();
    }
}
