/**
 * The fabric8 backend: server-side apply, informer caches per kind and namespace, facts from the API server, and
 * Kubernetes Events on the workloads it writes.
 */
package dev.flotilla.agent.backend.kubernetes;
