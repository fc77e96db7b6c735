package dev.flotilla.api.kruise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** The order in which Kruise updates pods: by weighted selectors or by an ordered label key, never both. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UpdatePriorityStrategy(List<WeightTerm> weightPriority, List<OrderTerm> orderPriority) {

    /** Pods matching the selector are updated before pods of lower total weight. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WeightTerm(Integer weight, LabelSelector matchSelector) {
    }

    /** Pods are updated in the order of the integer value of this label. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OrderTerm(String orderedKey) {
    }
}
