package dev.flotilla.meta.versions;

import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** The Kubernetes minors tenant control planes may run, resolved from {@link VersionCatalogProperties}. */
@Component
@EnableConfigurationProperties(VersionCatalogProperties.class)
public class VersionCatalog {

    /** The reason code of a version the catalog does not have, wherever it is refused (preflight, manifests). */
    public static final String TARGET_UNKNOWN = "target-unknown";

    private final Map<MinorVersion, KubernetesRelease> releases;
    private final Duration stepEstimate;
    private final Duration stepDeadline;

    public VersionCatalog(VersionCatalogProperties properties) {
        this.releases = properties.releases().stream()
                .map(r -> resolve(properties.registry(), r))
                .collect(Collectors.toUnmodifiableMap(KubernetesRelease::minor, Function.identity()));
        this.stepEstimate = properties.stepEstimate();
        this.stepDeadline = properties.stepDeadline();
    }

    /** Every release, oldest first. */
    public List<KubernetesRelease> releases() {
        return releases.values().stream().sorted(Comparator.comparing(KubernetesRelease::minor)).toList();
    }

    public Optional<KubernetesRelease> release(MinorVersion minor) {
        return Optional.ofNullable(releases.get(minor));
    }

    /** The release of a version string ({@code 1.30}, {@code v1.30.4}), if the catalog has its minor. */
    public Optional<KubernetesRelease> release(String version) {
        return MinorVersion.parse(version).flatMap(this::release);
    }

    /** How long one component's update is expected to take. */
    public Duration stepEstimate() {
        return stepEstimate;
    }

    /** How long the host may converge one step before it fails (whole seconds, 1 s to 7 days). */
    public Duration stepDeadline() {
        return stepDeadline;
    }

    private static KubernetesRelease resolve(String registry, VersionCatalogProperties.Release release) {
        Map<ControlPlaneComponent, String> images = new EnumMap<>(ControlPlaneComponent.class);
        for (ControlPlaneComponent component : ControlPlaneComponent.values()) {
            // registry.k8s.io tags etcd as "<version>-0" and the Kubernetes components as "v<version>"
            String tag = component == ControlPlaneComponent.ETCD
                    ? release.etcd() + "-0" : "v" + release.kubernetes();
            images.put(component, release.images().getOrDefault(component.workloadName(),
                    registry + "/" + component.workloadName() + ":" + tag));
        }
        return new KubernetesRelease(MinorVersion.parse(release.minor()).orElseThrow(), release.kubernetes(),
                release.etcd(), release.lifecycle(), release.removedApis(), images);
    }
}
