package dev.flotilla.meta.versions;

/** Where a Kubernetes minor is in its support life: new control planes and upgrades may not target an expired one. */
public enum Lifecycle {
    supported, deprecated, expired
}
