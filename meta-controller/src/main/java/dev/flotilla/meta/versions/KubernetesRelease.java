package dev.flotilla.meta.versions;

import java.util.List;
import java.util.Map;

/**
 * A Kubernetes minor of the catalog with everything resolved: the images each control-plane component runs at.
 *
 * @param kubernetesVersion the patch release, e.g. {@code 1.30.0}
 * @param etcdVersion the etcd that release ships with
 * @param removedApis group/versions this minor stops serving
 * @param images the full image reference per component
 */
public record KubernetesRelease(
        MinorVersion minor,
        String kubernetesVersion,
        String etcdVersion,
        Lifecycle lifecycle,
        List<String> removedApis,
        Map<ControlPlaneComponent, String> images) {

    public KubernetesRelease {
        removedApis = List.copyOf(removedApis);
        images = Map.copyOf(images);
    }

    public String image(ControlPlaneComponent component) {
        return images.get(component);
    }
}
