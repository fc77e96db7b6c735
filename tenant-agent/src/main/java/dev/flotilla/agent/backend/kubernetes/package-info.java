/** The fabric8 backend: server-side apply, informer caches per kind and namespace, facts from the API server. */
package dev.flotilla.agent.backend.kubernetes;
