package dev.flotilla.agent.backend.kubernetes;

import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.api.agent.WorkloadKind;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The API coordinates of the Kruise kinds, for fabric8's generic resource client. */
public final class KruiseResources {

    public static final String GROUP = "apps.kruise.io";

    private KruiseResources() {
    }

    public static String plural(WorkloadKind kind) {
        return switch (kind) {
            case CloneSet -> "clonesets";
            case StatefulSet -> "statefulsets";
            case UnitedDeployment -> "uniteddeployments";
            case SidecarSet -> "sidecarsets";
            case BroadcastJob -> "broadcastjobs";
        };
    }

    public static ResourceDefinitionContext context(WorkloadKind kind, String apiVersion) {
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return new ResourceDefinitionContext.Builder()
                .withGroup(GROUP)
                .withVersion(version)
                .withKind(kind.name())
                .withPlural(plural(kind))
                .withNamespaced(kind.namespaced())
                .build();
    }

    static ResourceDefinitionContext context(WorkloadRef ref) {
        return context(ref.kind(), ref.apiVersion());
    }
}
