package dev.flotilla.meta.versions;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Kubernetes version catalog ({@code flotilla.versions.*}): the minors tenant control planes may run, with
 * their etcd version, lifecycle and the APIs each removes. Defaults live in application.yaml; a deployment
 * replaces them through its own config file or environment without a code change.
 *
 * @param registry where component images come from unless a release names its own
 * @param stepEstimate how long one component's update is expected to take (for maintenance-window fitting)
 * @param stepDeadline how long the host may take to converge one step before the step fails (a component image
 *                     that never gets ready must fail the upgrade, not hold it forever); at most 7 days, the
 *                     agent contract's limit
 * @param releases one entry per minor
 */
@Validated
@ConfigurationProperties("flotilla.versions")
public record VersionCatalogProperties(
        @NotBlank @DefaultValue("registry.k8s.io") String registry,
        @NotNull @DefaultValue("20m") Duration stepEstimate,
        @NotNull @DefaultValue("30m") Duration stepDeadline,
        @NotEmpty List<@Valid @NotNull Release> releases) {

    public VersionCatalogProperties {
        releases = releases == null ? List.of() : List.copyOf(releases);
    }

    /**
     * One Kubernetes minor.
     *
     * @param minor e.g. {@code 1.30}
     * @param kubernetes the patch release deployed for it, e.g. {@code 1.30.0}
     * @param etcd the etcd version that release ships with, e.g. {@code 3.5.12}
     * @param removedApis group/version APIs this minor no longer serves, e.g. {@code flowcontrol.apiserver.k8s.io/v1beta3}
     * @param images full image references per component name, overriding {@code registry}
     */
    public record Release(
            @NotBlank @Pattern(regexp = "\\d+\\.\\d+", message = "must be a minor version like 1.30") String minor,
            @NotBlank @Pattern(regexp = "\\d+\\.\\d+\\.\\d+", message = "must be a release like 1.30.0") String kubernetes,
            @NotBlank @Pattern(regexp = "\\d+\\.\\d+\\.\\d+", message = "must be an etcd version like 3.5.12") String etcd,
            @NotNull @DefaultValue("supported") Lifecycle lifecycle,
            List<@NotBlank String> removedApis,
            Map<String, @NotBlank String> images) {

        public Release {
            removedApis = removedApis == null ? List.of() : List.copyOf(removedApis);
            images = images == null ? Map.of() : Map.copyOf(images);
        }

        @AssertTrue(message = "kubernetes must be a release of the entry's minor")
        boolean isKubernetesOfMinor() {
            return minor == null || kubernetes == null || kubernetes.startsWith(minor + ".");
        }

        @AssertTrue(message = "images may only name etcd, kube-apiserver, kube-controller-manager or kube-scheduler")
        boolean isImagesOfKnownComponents() {
            Set<String> known = new HashSet<>();
            for (ControlPlaneComponent c : ControlPlaneComponent.values()) {
                known.add(c.workloadName());
            }
            return known.containsAll(images.keySet());
        }
    }

    /** The agent contract's limit on {@code progressDeadlineSeconds}. */
    static final Duration MAX_STEP_DEADLINE = Duration.ofDays(7);

    @AssertTrue(message = "stepDeadline must be at least 1 second and at most 7 days (PT168H)")
    boolean isStepDeadlineInRange() {
        return stepDeadline == null
                || stepDeadline.toSeconds() >= 1 && stepDeadline.compareTo(MAX_STEP_DEADLINE) <= 0;
    }

    @AssertTrue(message = "releases must name each minor once")
    boolean isMinorsUnique() {
        Set<String> seen = new HashSet<>();
        return releases.stream().allMatch(r -> r == null || r.minor() == null || seen.add(r.minor()));
    }
}
