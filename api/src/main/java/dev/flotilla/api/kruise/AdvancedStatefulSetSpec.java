package dev.flotilla.api.kruise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetOrdinals;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import java.util.List;
import java.util.Map;

/**
 * The desired state of an Advanced StatefulSet; also the spec of a UnitedDeployment's
 * {@code advancedStatefulSetTemplate}.
 *
 * @param podManagementPolicy {@code OrderedReady} (default) or {@code Parallel}
 * @param reserveOrdinals ordinals to skip: ints or {@code "3-5"} ranges
 * @param volumeClaimTemplates kept as written: a typed claim would gain {@code apiVersion}/{@code kind} on the way out
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AdvancedStatefulSetSpec(
        Integer replicas,
        LabelSelector selector,
        PodTemplateSpec template,
        List<Map<String, Object>> volumeClaimTemplates,
        String serviceName,
        String podManagementPolicy,
        UpdateStrategy updateStrategy,
        Integer revisionHistoryLimit,
        List<IntOrString> reserveOrdinals,
        LifecycleHooks lifecycle,
        ScaleStrategy scaleStrategy,
        StatefulSetPersistentVolumeClaimRetentionPolicy persistentVolumeClaimRetentionPolicy,
        StatefulSetOrdinals ordinals) {

    /** {@code RollingUpdate} (default) with its parameters, or {@code OnDelete}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UpdateStrategy(String type, RollingUpdate rollingUpdate) {
    }

    /**
     * The rolling update of an Advanced StatefulSet.
     *
     * @param partition the count of pods kept at the old revision (int32, never a percent)
     * @param maxUnavailable default 1; a percent rounds down; anything but 1 needs {@code Parallel}
     * @param podUpdatePolicy {@code ReCreate}, {@code InPlaceIfPossible} or {@code InPlaceOnly}; the in-place ones
     *     need the {@code InPlaceUpdateReady} readiness gate in the template
     * @param unorderedUpdate update order by priority instead of ordinal ({@code Parallel} only)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RollingUpdate(
            Integer partition,
            IntOrString maxUnavailable,
            String podUpdatePolicy,
            Boolean paused,
            UnorderedUpdate unorderedUpdate,
            InPlaceUpdateStrategy inPlaceUpdateStrategy,
            Integer minReadySeconds) {
    }

    /** Update pods in priority order rather than by ordinal. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UnorderedUpdate(UpdatePriorityStrategy priorityStrategy) {
    }

    /** How many pods may be unavailable while scaling. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ScaleStrategy(IntOrString maxUnavailable) {
    }
}
