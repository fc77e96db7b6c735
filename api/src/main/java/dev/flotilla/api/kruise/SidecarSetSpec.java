package dev.flotilla.api.kruise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;
import java.util.Map;

/**
 * The desired state of a SidecarSet. Sidecar containers are read as core containers: the Kruise-only fields
 * (podInjectPolicy, upgradeStrategy, shareVolumePolicy, transferEnv) ride along in their additional properties.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SidecarSetSpec(
        LabelSelector selector,
        String namespace,
        LabelSelector namespaceSelector,
        List<Container> initContainers,
        List<Container> containers,
        List<Volume> volumes,
        UpdateStrategy updateStrategy,
        InjectionStrategy injectionStrategy,
        List<LocalObjectReference> imagePullSecrets,
        Integer revisionHistoryLimit,
        List<Map<String, Object>> patchPodMetadata) {

    /**
     * How injected sidecars are updated in place.
     *
     * @param type {@code RollingUpdate} or {@code NotUpdate}
     * @param partition int or percent of matched pods kept at the old sidecar
     * @param maxUnavailable int or percent
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UpdateStrategy(
            String type,
            Boolean paused,
            LabelSelector selector,
            IntOrString partition,
            IntOrString maxUnavailable,
            List<UpdateScatterTerm> scatterStrategy,
            UpdatePriorityStrategy priorityStrategy) {
    }

    /** Whether injection into new pods is paused, and which revision new pods get. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record InjectionStrategy(Boolean paused, Map<String, Object> revision) {
    }
}
