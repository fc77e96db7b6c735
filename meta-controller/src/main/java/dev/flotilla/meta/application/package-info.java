/**
 * Applications (a bundle of Kubernetes resources in a namespace, the Kruise workloads among them stepped batch by
 * batch), their immutable revisions with per-cluster overrides, each cluster's rendering of them and where each runs.
 */
package dev.flotilla.meta.application;
