package dev.flotilla.meta.application;

import java.time.Instant;

/**
 * The revision of an application a cluster runs.
 *
 * @param rollout the rollout that set it
 */
public record ClusterRevision(String cluster, int revision, Long rollout, Instant updatedAt) {
}
