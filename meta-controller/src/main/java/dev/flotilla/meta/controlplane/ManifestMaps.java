package dev.flotilla.meta.controlplane;

import dev.flotilla.meta.versions.ControlPlaneComponent;
import dev.flotilla.meta.versions.KubernetesRelease;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds manifest maps that keep the order they were written in, so stored and served manifests read naturally. */
final class ManifestMaps {

    private ManifestMaps() {
    }

    /** An object from alternating keys and values. */
    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static List<Object> list(Object... items) {
        return new ArrayList<>(List.of(items));
    }

    /** The labels every control-plane workload and its pods carry; also the selector. */
    static Map<String, Object> selectorLabels(HostedControlPlane controlPlane, ControlPlaneComponent component) {
        return obj("app.kubernetes.io/name", component.workloadName(),
                "app.kubernetes.io/part-of", "tenant-control-plane",
                "flotilla.dev/cluster", controlPlane.cluster());
    }

    static Map<String, Object> metadata(HostedControlPlane controlPlane, ControlPlaneComponent component,
            KubernetesRelease release) {
        Map<String, Object> labels = selectorLabels(controlPlane, component);
        labels.put("flotilla.dev/kubernetes-version", release.minor().toString());
        return obj("name", component.workloadName(), "namespace", controlPlane.namespace(), "labels", labels);
    }

    static Map<String, Object> secretVolume(String name, String secretName) {
        return obj("name", name, "secret", obj("secretName", secretName));
    }

    static Map<String, Object> mount(String name, String path) {
        return obj("name", name, "mountPath", path, "readOnly", true);
    }

    static Map<String, Object> httpsProbe(String path, int port) {
        return obj("httpGet", obj("path", path, "port", port, "scheme", "HTTPS"),
                "periodSeconds", 5, "failureThreshold", 3);
    }

    /** The etcd client URLs of the three members behind the headless service {@code etcd}. */
    static String etcdServers(HostedControlPlane controlPlane, int members) {
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < members; i++) {
            servers.append(i == 0 ? "" : ",").append("https://etcd-").append(i).append(".etcd.")
                    .append(controlPlane.namespace()).append(".svc:2379");
        }
        return servers.toString();
    }
}
