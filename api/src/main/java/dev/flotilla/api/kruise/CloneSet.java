package dev.flotilla.api.kruise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** OpenKruise CloneSet ({@code apps.kruise.io/v1alpha1}): stateless pods with partitioned, in-place capable updates. */
@Group("apps.kruise.io")
@Version("v1alpha1")
@Kind("CloneSet")
@Plural("clonesets")
@ShortNames("clone")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class CloneSet extends CustomResource<CloneSetSpec, CloneSetStatus> implements Namespaced {
}
