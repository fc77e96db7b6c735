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

/** OpenKruise Advanced StatefulSet ({@code apps.kruise.io/v1beta1}, kind {@code StatefulSet}, not apps/v1). */
@Group("apps.kruise.io")
@Version("v1beta1")
@Kind("StatefulSet")
@Plural("statefulsets")
@ShortNames("asts")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class AdvancedStatefulSet extends CustomResource<AdvancedStatefulSetSpec, AdvancedStatefulSetStatus>
        implements Namespaced {
}
