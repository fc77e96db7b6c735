package dev.flotilla.meta.upgrade;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * {@code POST /api/v1/upgrades}: upgrade the control planes of the selected clusters, wave by wave. Amounts
 * ({@code waves}, {@code maxConcurrency}, {@code maxFailures}) are a count or a percent of the targets, as for
 * rollouts.
 *
 * @param onFailure PAUSE only: control planes are never downgraded (ROLLBACK is refused)
 * @param respectMaintenanceWindows upgrades always respect the clusters' windows; {@code false} is refused
 * @param force go ahead although APIs a hop removes are still in use
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record UpgradeCampaignRequest(
        @Valid Clusters clusters,
        @NotBlank @Size(max = 16) String targetVersion,
        @Valid Canary canary,
        @Size(max = 100) List<Object> waves,
        WaveOrder order,
        Object maxConcurrency,
        Object maxFailures,
        FailurePolicy onFailure,
        UnreachablePolicy unreachable,
        @Min(0) @Max(604800) Integer soakSeconds,
        @Size(max = 100) List<@NotNull @Min(0) Integer> approvalBeforeWaves,
        Boolean respectMaintenanceWindows,
        Boolean dryRun,
        Boolean force) {

    /** Which clusters: those matching the label selector and/or the named ones; a scoped token only its tenant's. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Clusters(@Size(max = 4096) String selector, @Size(max = 10000) List<@NotBlank String> names) {
    }

    /** The canary (wave 0): a count of clusters picked in plan order, or named clusters. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Canary(@Min(0) @Max(10000) Integer count, @Size(max = 1000) List<@NotBlank String> names) {
    }

    boolean dry() {
        return Boolean.TRUE.equals(dryRun);
    }

    boolean forced() {
        return Boolean.TRUE.equals(force);
    }
}
