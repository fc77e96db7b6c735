/**
 * Hosted control planes (Kube-on-Kube): where a tenant cluster's control plane runs, the version it runs, and the
 * Kruise workloads that make it up on its host ({@code /api/v1/clusters/{name}/control-plane}).
 */
package dev.flotilla.meta.controlplane;
