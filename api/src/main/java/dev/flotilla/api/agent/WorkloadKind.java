package dev.flotilla.api.agent;

/** The OpenKruise workload kinds Flotilla rolls out, with the apiVersion each is sent as. */
public enum WorkloadKind {
    CloneSet("apps.kruise.io/v1alpha1", true),
    /** Advanced StatefulSet: always the full apiVersion, the kind clashes with apps/v1. */
    StatefulSet("apps.kruise.io/v1beta1", true),
    UnitedDeployment("apps.kruise.io/v1alpha1", true),
    SidecarSet("apps.kruise.io/v1alpha1", false),
    BroadcastJob("apps.kruise.io/v1alpha1", true);

    private final String apiVersion;
    private final boolean namespaced;

    WorkloadKind(String apiVersion, boolean namespaced) {
        this.apiVersion = apiVersion;
        this.namespaced = namespaced;
    }

    public String apiVersion() {
        return apiVersion;
    }

    public boolean namespaced() {
        return namespaced;
    }
}
