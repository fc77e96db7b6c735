package dev.flotilla.meta.registration;

import dev.flotilla.meta.cluster.ClusterSyntax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * A registration token to issue ({@code POST /api/v1/registration-tokens}). Labels are checked by the service.
 *
 * @param ttl how long the token registers clusters: {@code 30m}, {@code 24h}, {@code 7d} or ISO-8601
 *            ({@code PT24H}); 24 hours when absent, at most 365 days
 * @param maxUses how many clusters it may add; 1 when absent
 * @param region the region of every cluster it adds; when absent, the one the agent's nodes report
 * @param zone the zone of every cluster it adds; when absent, the first one the agent's nodes report
 */
record NewRegistrationToken(
        @NotNull @Pattern(regexp = ClusterSyntax.DNS_LABEL, message = ClusterSyntax.DNS_LABEL_MESSAGE) String name,
        @NotNull @Pattern(regexp = ClusterSyntax.DNS_LABEL, message = ClusterSyntax.DNS_LABEL_MESSAGE) String tenant,
        String ttl,
        @Min(1) @Max(100_000) Integer maxUses,
        @Size(max = ClusterSyntax.MAX_LABELS, message = "must hold at most 64 labels") Map<String, String> labels,
        @Pattern(regexp = ClusterSyntax.DNS_LABEL, message = ClusterSyntax.DNS_LABEL_MESSAGE) String region,
        @Pattern(regexp = ClusterSyntax.DNS_LABEL, message = ClusterSyntax.DNS_LABEL_MESSAGE) String zone) {

    NewRegistrationToken {
        labels = labels == null ? Map.of() : labels;
        maxUses = maxUses == null ? 1 : maxUses;
    }
}
