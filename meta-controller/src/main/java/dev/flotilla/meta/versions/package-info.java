/**
 * The Kubernetes version catalog: the releases Flotilla can run a hosted control plane at, their lifecycle and
 * component images ({@code flotilla.versions}), and {@code GET /api/v1/kubernetes-versions}.
 */
package dev.flotilla.meta.versions;
