package dev.flotilla.meta.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.meta.wave.FailurePolicy;
import dev.flotilla.meta.wave.UnreachablePolicy;
import dev.flotilla.meta.wave.WaveOrder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code POST /api/v1/rollouts}. Amounts ({@code waves}, {@code maxConcurrency}, {@code maxFailures}) are a count
 * ({@code 3}) or a percent of the targets ({@code "25%"}).
 *
 * @param waves cumulative amounts of all targets (canary included) reached by the end of each wave after the
 *              canary; the last must reach all; default {@code ["100%"]}
 * @param maxConcurrency targets in flight at once (a percent rounds up); default unlimited
 * @param approvalBeforeWaves wave numbers (canary = 0, then 1, 2...) that wait for an approval before starting
 * @param maxFailures failed targets tolerated (a percent rounds down); default 0: the first failure spends it
 * @param respectMaintenanceWindows start a cluster only inside its maintenance window, and only when the
 *                                  estimated in-cluster rollout (per batch) finishes before the window closes;
 *                                  clusters without a window are always eligible (default false)
 * @param dryRun answer the plan without starting it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RolloutRequest(
        @NotBlank @Size(max = 63) String application,
        @NotNull @Min(1) Integer revision,
        @Valid Clusters clusters,
        @Valid Canary canary,
        @Size(max = 100) List<Object> waves,
        WaveOrder order,
        Object maxConcurrency,
        @Min(0) @Max(604800) Integer soakSeconds,
        @Size(max = 100) List<@NotNull @Min(0) Integer> approvalBeforeWaves,
        Object maxFailures,
        FailurePolicy onFailure,
        UnreachablePolicy unreachable,
        @Valid ClusterStrategy clusterStrategy,
        Boolean respectMaintenanceWindows,
        Boolean dryRun) {

    /**
     * Which clusters: those matching the label selector, or the named ones, minus the excluded; cordoned
     * clusters never.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Clusters(@Size(max = 4096) String selector, @Size(max = 10000) List<@NotBlank String> names,
            @Size(max = 10000) List<@NotBlank String> excludeNames) {
    }

    /** The canary (wave 0): a count of clusters picked in plan order, or named clusters. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Canary(@Min(0) @Max(10000) Integer count, @Size(max = 1000) List<@NotBlank String> names) {
    }
}
