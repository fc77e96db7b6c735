package dev.flotilla.meta.cluster;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** A cluster to add to the inventory ({@code POST /api/v1/clusters}). Labels are checked by the service. */
public record NewCluster(
        @NotNull @Pattern(regexp = ClusterSyntax.DNS_LABEL, message = ClusterSyntax.DNS_LABEL_MESSAGE) String name,
        @NotNull @Pattern(regexp = ClusterSyntax.DNS_LABEL, message = ClusterSyntax.DNS_LABEL_MESSAGE) String tenant,
        @NotNull @Pattern(regexp = ClusterSyntax.DNS_LABEL, message = ClusterSyntax.DNS_LABEL_MESSAGE) String region,
        @NotNull @Pattern(regexp = ClusterSyntax.DNS_LABEL, message = ClusterSyntax.DNS_LABEL_MESSAGE) String zone,
        @Size(max = ClusterSyntax.MAX_LABELS, message = "must hold at most 64 labels") Map<String, String> labels) {

    public NewCluster {
        labels = labels == null ? Map.of() : labels;
    }
}
