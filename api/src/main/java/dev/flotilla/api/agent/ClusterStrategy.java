package dev.flotilla.api.agent;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How a workload is stepped inside one cluster.
 *
 * @param type the Kruise update type ({@code podUpdatePolicy} for Advanced StatefulSet)
 * @param maxUnavailable int or percent, e.g. {@code 1} or {@code "20%"}; null keeps the manifest's
 * @param maxSurge int or percent; null keeps the manifest's
 * @param batches partitions to lower through, in order; empty means one batch to partition 0
 * @param progressDeadlineSeconds a batch that does not complete in this time fails the item; null means none
 * @param health when unhealthy pods of the new revision fail the item early; null means {@link PodHealth#defaults()}
 *
 * <p>Unlike the other protocol records this one does not ignore unknown fields itself: it is also part of the
 * portal's rollout request, which refuses them. The agent reads it with a reader that ignores unknown fields.
 */
public record ClusterStrategy(
        UpdateType type,
        @Size(max = 16) String maxUnavailable,
        @Size(max = 16) String maxSurge,
        @Valid @Size(max = 100) List<@NotNull Batch> batches,
        @Min(1) @Max(604800) Integer progressDeadlineSeconds,
        @Valid PodHealth health) {

    /** Copies the batches; a null one is kept for validation to name (List.copyOf would throw unnamed). */
    public ClusterStrategy {
        batches = batches == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(batches));
    }

    /** A strategy with the default pod health checks. */
    public ClusterStrategy(UpdateType type, String maxUnavailable, String maxSurge, List<Batch> batches,
            Integer progressDeadlineSeconds) {
        this(type, maxUnavailable, maxSurge, batches, progressDeadlineSeconds, null);
    }

    /** The pod health checks in force: the given ones, or the defaults. */
    public PodHealth healthOrDefaults() {
        return health == null ? PodHealth.defaults() : health;
    }

    /** A single batch to partition 0 with Kruise defaults. */
    public static ClusterStrategy oneBatch() {
        return new ClusterStrategy(null, null, null, List.of(), null);
    }

    /**
     * One step of the in-cluster rollout.
     *
     * @param partition int or percent of pods kept at the old revision after this batch
     * @param pauseSeconds wait this long after the batch completes; null or 0 for none
     */
    public record Batch(@Size(max = 16) String partition, @Min(0) @Max(604800) Integer pauseSeconds) {
    }
}
