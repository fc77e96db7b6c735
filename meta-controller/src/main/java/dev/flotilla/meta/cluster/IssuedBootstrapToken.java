package dev.flotilla.meta.cluster;

import java.time.Instant;

/**
 * A cluster with a freshly issued bootstrap token: the secret is shown this once, only its hash is kept.
 *
 * @param bootstrapToken the one-time secret the cluster's agent registers with
 * @param bootstrapExpiresAt after this instant the token no longer registers an agent
 */
public record IssuedBootstrapToken(Cluster cluster, String bootstrapToken, Instant bootstrapExpiresAt) {
}
