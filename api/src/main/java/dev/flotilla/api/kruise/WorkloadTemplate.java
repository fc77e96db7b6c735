package dev.flotilla.api.kruise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * A workload template inside a UnitedDeployment: the metadata and spec of each subset's workload.
 *
 * @param <S> the spec type of the subset workload
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkloadTemplate<S>(ObjectMeta metadata, S spec) {
}
