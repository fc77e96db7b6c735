package dev.flotilla.meta.upgrade;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.flotilla.meta.cluster.ClusterSelection;
import dev.flotilla.meta.wave.WaveSpec;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/upgrades}: upgrade the control planes of the selected clusters, wave by wave. How it moves
 * across the fleet is the {@link WaveSpec} every campaign kind shares, whose fields sit at the top level of the
 * body; for upgrades {@code onFailure} is PAUSE only (control planes are never downgraded: ROLLBACK is refused) and
 * {@code respectMaintenanceWindows} is always true ({@code false} is refused).
 *
 * @param force go ahead although APIs a hop removes are still in use
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record UpgradeCampaignRequest(
        @Valid ClusterSelection clusters,
        @NotBlank @Size(max = 16) String targetVersion,
        @JsonUnwrapped @Valid WaveSpec wave,
        Boolean dryRun,
        Boolean force) {

    UpgradeCampaignRequest {
        wave = wave == null ? WaveSpec.defaults() : wave;
    }

    boolean dry() {
        return Boolean.TRUE.equals(dryRun);
    }

    boolean forced() {
        return Boolean.TRUE.equals(force);
    }
}
