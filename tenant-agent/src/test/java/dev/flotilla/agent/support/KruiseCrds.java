package dev.flotilla.agent.support;

import dev.flotilla.agent.backend.kubernetes.KruiseResources;
import dev.flotilla.api.agent.WorkloadKind;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/** Minimal CustomResourceDefinitions of the five Kruise kinds: schemaless, with the status subresource. */
public final class KruiseCrds {

    private KruiseCrds() {
    }

    public static void install(KubernetesClient client) {
        for (WorkloadKind kind : WorkloadKind.values()) {
            client.apiextensions().v1().customResourceDefinitions().resource(definition(kind)).create();
        }
    }

    public static CustomResourceDefinition definition(WorkloadKind kind) {
        String storage = kind == WorkloadKind.CloneSet || kind == WorkloadKind.UnitedDeployment
                ? "v1alpha1" : "v1beta1";
        List<CustomResourceDefinitionVersion> versions = new ArrayList<>();
        for (String version : List.of("v1alpha1", "v1beta1")) {
            if (version.equals(storage) || kind != WorkloadKind.CloneSet && kind != WorkloadKind.UnitedDeployment) {
                versions.add(new CustomResourceDefinitionVersionBuilder()
                        .withName(version).withServed(true).withStorage(version.equals(storage))
                        .withNewSchema().withNewOpenAPIV3Schema().withType("object")
                        .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
                        .withNewSubresources().withNewStatus().endStatus().endSubresources()
                        .build());
            }
        }
        String plural = KruiseResources.plural(kind);
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(plural + "." + KruiseResources.GROUP).endMetadata()
                .withNewSpec().withGroup(KruiseResources.GROUP)
                .withScope(kind.namespaced() ? "Namespaced" : "Cluster")
                .withNewNames().withKind(kind.name()).withPlural(plural).withSingular(kind.name().toLowerCase())
                .endNames()
                .withVersions(versions)
                .endSpec()
                .build();
    }
}
