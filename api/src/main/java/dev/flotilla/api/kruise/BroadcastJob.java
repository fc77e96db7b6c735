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

/** OpenKruise BroadcastJob ({@code apps.kruise.io/v1alpha1}): a job that runs one pod on every node. */
@Group("apps.kruise.io")
@Version("v1alpha1")
@Kind("BroadcastJob")
@Plural("broadcastjobs")
@ShortNames("bcj")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class BroadcastJob extends CustomResource<BroadcastJobSpec, BroadcastJobStatus> implements Namespaced {
}
