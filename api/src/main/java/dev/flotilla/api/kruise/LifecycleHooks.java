package dev.flotilla.api.kruise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** Kruise pod lifecycle hooks that hold a pod in a state while a label or finalizer remains. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LifecycleHooks(Hook preDelete, Hook inPlaceUpdate, Hook preNormal) {

    /** The labels and finalizers that hold the pod, and whether it is marked not-ready meanwhile. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Hook(Map<String, String> labelsHandler, List<String> finalizersHandler, Boolean markPodNotReady) {
    }
}
