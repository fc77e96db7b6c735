package dev.flotilla.api.kruise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.List;
import java.util.Map;

/**
 * The desired state of a CloneSet; also the spec of a UnitedDeployment's {@code cloneSetTemplate}.
 *
 * @param volumeClaimTemplates kept as written: a typed claim would gain {@code apiVersion}/{@code kind} on the way out
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CloneSetSpec(
        Integer replicas,
        LabelSelector selector,
        PodTemplateSpec template,
        List<Map<String, Object>> volumeClaimTemplates,
        ScaleStrategy scaleStrategy,
        UpdateStrategy updateStrategy,
        Integer revisionHistoryLimit,
        Integer minReadySeconds,
        Integer progressDeadlineSeconds,
        LifecycleHooks lifecycle) {

    /** How a CloneSet scales: pods to delete first and how many new pods may be unavailable while scaling up. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ScaleStrategy(List<String> podsToDelete, IntOrString maxUnavailable, Boolean disablePVCReuse) {
    }

    /**
     * How a CloneSet replaces pods on a template change.
     *
     * @param type {@code ReCreate} (default), {@code InPlaceIfPossible} or {@code InPlaceOnly}
     * @param partition pods kept at the old revision, int or percent (a percent rounds up)
     * @param maxUnavailable int or percent, default 20%
     * @param maxSurge int or percent, default 0; not allowed with InPlaceOnly
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UpdateStrategy(
            String type,
            IntOrString partition,
            IntOrString maxUnavailable,
            IntOrString maxSurge,
            Boolean paused,
            UpdatePriorityStrategy priorityStrategy,
            List<UpdateScatterTerm> scatterStrategy,
            InPlaceUpdateStrategy inPlaceUpdateStrategy) {
    }
}
