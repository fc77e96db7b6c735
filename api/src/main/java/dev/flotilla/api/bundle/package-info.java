/**
 * Bundles of Kubernetes resources: which kinds are cluster-scoped, which are the Kruise workloads Flotilla steps,
 * and the order a bundle is applied (and removed) in; pure rules both the meta-controller and the agent use.
 */
package dev.flotilla.api.bundle;
