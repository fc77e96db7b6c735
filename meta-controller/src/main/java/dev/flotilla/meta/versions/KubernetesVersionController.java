package dev.flotilla.meta.versions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/kubernetes-versions}: the version catalog, oldest first (viewer). */
@RestController
class KubernetesVersionController {

    /** A catalog entry as served: images keyed by component name. */
    record VersionView(String version, String kubernetesVersion, String etcdVersion, Lifecycle lifecycle,
            List<String> removedApis, Map<String, String> images) {
    }

    private final VersionCatalog catalog;

    KubernetesVersionController(VersionCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/v1/kubernetes-versions")
    List<VersionView> list() {
        return catalog.releases().stream().map(KubernetesVersionController::view).toList();
    }

    private static VersionView view(KubernetesRelease release) {
        Map<String, String> images = new LinkedHashMap<>();
        for (ControlPlaneComponent component : ControlPlaneComponent.values()) {
            images.put(component.workloadName(), release.image(component));
        }
        return new VersionView(release.minor().toString(), release.kubernetesVersion(), release.etcdVersion(),
                release.lifecycle(), release.removedApis(), images);
    }
}
