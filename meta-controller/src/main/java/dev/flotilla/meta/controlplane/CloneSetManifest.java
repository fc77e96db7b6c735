package dev.flotilla.meta.controlplane;

import static dev.flotilla.meta.controlplane.ManifestMaps.list;
import static dev.flotilla.meta.controlplane.ManifestMaps.mount;
import static dev.flotilla.meta.controlplane.ManifestMaps.obj;

import dev.flotilla.meta.versions.ControlPlaneComponent;
import dev.flotilla.meta.versions.KubernetesRelease;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The stateless control-plane components as CloneSets: kube-apiserver, kube-controller-manager, kube-scheduler. */
final class CloneSetManifest {

    static final int APISERVER_REPLICAS = 3;
    static final int LEADER_ELECTED_REPLICAS = 2;

    private CloneSetManifest() {
    }

    static Map<String, Object> of(HostedControlPlane controlPlane, ControlPlaneComponent component,
            KubernetesRelease release) {
        boolean apiserver = component == ControlPlaneComponent.KUBE_APISERVER;
        Map<String, Object> container = obj("name", component.workloadName(),
                "image", release.image(component),
                "command", list(component.workloadName()),
                "args", args(controlPlane, component),
                "readinessProbe", ManifestMaps.httpsProbe(apiserver ? "/readyz" : "/healthz", port(component)),
                "volumeMounts", list(mount("pki", "/etc/kubernetes/pki")));
        return obj("apiVersion", component.kind().apiVersion(), "kind", component.kind().name(),
                "metadata", ManifestMaps.metadata(controlPlane, component, release),
                "spec", obj("replicas", apiserver ? APISERVER_REPLICAS : LEADER_ELECTED_REPLICAS,
                        "selector", obj("matchLabels", ManifestMaps.selectorLabels(controlPlane, component)),
                        "template", obj("metadata", obj("labels", ManifestMaps.selectorLabels(controlPlane, component)),
                                "spec", obj("containers", list(container),
                                        "volumes", list(ManifestMaps.secretVolume("pki",
                                                component.workloadName() + "-pki")))),
                        "updateStrategy", updateStrategy(apiserver)));
    }

    /**
     * Only the image changes between minors, so every component updates in place. The apiserver must never
     * serve with fewer than its replicas: maxUnavailable 0 alone could never update a pod (an in-place update
     * makes the pod briefly unready), so one surge pod at the new version comes up first and stands in while
     * the old pods are updated one by one. The leader-elected components tolerate one pod down at a time.
     */
    private static Map<String, Object> updateStrategy(boolean apiserver) {
        return apiserver
                ? obj("type", "InPlaceIfPossible", "partition", 0, "maxUnavailable", 0, "maxSurge", 1)
                : obj("type", "InPlaceIfPossible", "partition", 0, "maxUnavailable", 1);
    }

    private static int port(ControlPlaneComponent component) {
        return switch (component) {
            case KUBE_APISERVER -> 6443;
            case KUBE_CONTROLLER_MANAGER -> 10257;
            case KUBE_SCHEDULER -> 10259;
            case ETCD -> throw new IllegalArgumentException("etcd is a StatefulSet");
        };
    }

    private static List<Object> args(HostedControlPlane controlPlane, ControlPlaneComponent component) {
        String pki = "/etc/kubernetes/pki/";
        List<Object> args = new ArrayList<>();
        switch (component) {
            case KUBE_APISERVER -> args.addAll(List.of(
                    "--etcd-servers=" + ManifestMaps.etcdServers(controlPlane, EtcdManifest.MEMBERS),
                    "--etcd-cafile=" + pki + "etcd-ca.crt", "--etcd-certfile=" + pki + "etcd-client.crt",
                    "--etcd-keyfile=" + pki + "etcd-client.key", "--secure-port=6443",
                    "--tls-cert-file=" + pki + "apiserver.crt", "--tls-private-key-file=" + pki + "apiserver.key",
                    "--client-ca-file=" + pki + "ca.crt", "--authorization-mode=Node,RBAC",
                    "--service-cluster-ip-range=10.96.0.0/12",
                    "--service-account-issuer=https://kube-apiserver." + controlPlane.namespace() + ".svc",
                    "--service-account-key-file=" + pki + "sa.pub",
                    "--service-account-signing-key-file=" + pki + "sa.key"));
            case KUBE_CONTROLLER_MANAGER -> args.addAll(List.of(
                    "--kubeconfig=" + pki + "controller-manager.conf", "--leader-elect=true",
                    "--use-service-account-credentials=true", "--cluster-signing-cert-file=" + pki + "ca.crt",
                    "--cluster-signing-key-file=" + pki + "ca.key",
                    "--service-account-private-key-file=" + pki + "sa.key", "--root-ca-file=" + pki + "ca.crt"));
            case KUBE_SCHEDULER -> args.addAll(List.of(
                    "--kubeconfig=" + pki + "scheduler.conf", "--leader-elect=true"));
            case ETCD -> throw new IllegalArgumentException("etcd is a StatefulSet");
        }
        return args;
    }
}
