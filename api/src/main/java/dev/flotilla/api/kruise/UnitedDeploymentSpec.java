package dev.flotilla.api.kruise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import java.util.List;
import java.util.Map;

/** The desired state of a UnitedDeployment: the selector, exactly one subset template, the topology, the partitions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UnitedDeploymentSpec(
        Integer replicas,
        LabelSelector selector,
        SubsetTemplate template,
        Topology topology,
        UpdateStrategy updateStrategy,
        Integer revisionHistoryLimit) {

    /** Exactly one of these must be set. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SubsetTemplate(
            WorkloadTemplate<StatefulSetSpec> statefulSetTemplate,
            WorkloadTemplate<AdvancedStatefulSetSpec> advancedStatefulSetTemplate,
            WorkloadTemplate<CloneSetSpec> cloneSetTemplate,
            WorkloadTemplate<DeploymentSpec> deploymentTemplate) {
    }

    /** The subsets and how replicas are scheduled onto them ({@code Fixed} or {@code Adaptive}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Topology(List<Subset> subsets, ScheduleStrategy scheduleStrategy) {
    }

    /**
     * One subset: where its pods go and how many.
     *
     * @param replicas int or percent of spec.replicas (a percent resolves as round(replicas x p))
     * @param patch a strategic merge patch applied to the subset's workload
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Subset(
            String name,
            NodeSelectorTerm nodeSelectorTerm,
            List<Toleration> tolerations,
            IntOrString replicas,
            IntOrString minReplicas,
            IntOrString maxReplicas,
            Map<String, Object> patch) {
    }

    /** {@code Fixed} (default) or {@code Adaptive} with its tuning kept as given. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ScheduleStrategy(String type, Map<String, Object> adaptive) {
    }

    /** {@code Manual}: each subset's partition comes from {@code manualUpdate.partitions}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UpdateStrategy(String type, ManualUpdate manualUpdate) {
    }

    /** Partition per subset name, capped by Kruise at the subset's replicas. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ManualUpdate(Map<String, Integer> partitions) {
    }
}
