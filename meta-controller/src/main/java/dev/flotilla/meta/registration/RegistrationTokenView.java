package dev.flotilla.meta.registration;

import java.time.Instant;
import java.util.Map;

/**
 * A registration token as listed: never its secret.
 *
 * @param state {@code ACTIVE}, {@code EXPIRED}, {@code USED_UP} or {@code REVOKED}, as of the answer
 * @param uses how many clusters it added so far
 * @param lastCluster the cluster it added last
 */
public record RegistrationTokenView(long id, String name, String tenant, Map<String, String> labels, String region,
        String zone, int maxUses, int uses, String state, Instant expiresAt, Instant revokedAt, Instant lastUsedAt,
        String lastCluster, String createdBy, Instant createdAt) {
}
