package dev.flotilla.api.kruise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** OpenKruise SidecarSet ({@code apps.kruise.io/v1alpha1}, cluster-scoped): sidecars injected into matching pods. */
@Group("apps.kruise.io")
@Version("v1alpha1")
@Kind("SidecarSet")
@Plural("sidecarsets")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class SidecarSet extends CustomResource<SidecarSetSpec, SidecarSetStatus> {
}
