package dev.flotilla.meta.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.meta.cluster.ClusterSelection;
import dev.flotilla.meta.wave.WaveSpec;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/rollouts}: an application's revision to the selected clusters, or with {@code uninstall} the
 * application's removal from them. How it moves across the fleet is the {@link WaveSpec}, whose fields sit at the
 * top level of the body.
 *
 * @param revision the revision to roll out; required unless {@code uninstall}, refused with it
 * @param uninstall remove the application from the selected clusters (everything its agent applied for it)
 * @param wave canary, waves, order, concurrency, soak, approvals, failure budget, unreachable policy and
 *             {@code respectMaintenanceWindows}: start a cluster only inside its maintenance window, and only when
 *             the estimated in-cluster rollout (per batch) finishes before the window closes; clusters without a
 *             window are always eligible (default false)
 * @param dryRun answer the plan without starting it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RolloutRequest(
        @NotBlank @Size(max = 63) String application,
        @Min(1) Integer revision,
        Boolean uninstall,
        @Valid ClusterSelection clusters,
        @JsonUnwrapped @Valid WaveSpec wave,
        @Valid ClusterStrategy clusterStrategy,
        Boolean dryRun) {

    RolloutRequest {
        wave = wave == null ? WaveSpec.defaults() : wave;
    }

    boolean removes() {
        return Boolean.TRUE.equals(uninstall);
    }
}
