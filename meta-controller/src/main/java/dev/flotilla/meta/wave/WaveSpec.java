package dev.flotilla.meta.wave;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.meta.web.FlotillaException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * How any campaign moves across the fleet, whatever its kind: the canary, the cumulative waves, their order,
 * concurrency, soak, approvals, failure budget, unreachable policy and maintenance windows. Requests carry it
 * unwrapped (its fields sit at the top level of {@code POST /api/v1/rollouts} and {@code POST /api/v1/upgrades}).
 * Amounts ({@code waves}, {@code maxConcurrency}, {@code maxFailures}) are a count ({@code 3}) or a percent of the
 * targets ({@code "25%"}). {@link #plan} is the one validator and planner of every kind.
 *
 * @param waves cumulative amounts of all targets (canary included) reached by the end of each wave after the
 *              canary; the last must reach all; default {@code ["100%"]}
 * @param maxConcurrency targets in flight at once (a percent rounds up); default unlimited
 * @param approvalBeforeWaves wave numbers (canary = 0, then 1, 2...) that wait for an approval before starting
 * @param maxFailures failed targets tolerated (a percent rounds down); default 0: the first failure spends it
 * @param respectMaintenanceWindows start a target only inside its cluster's maintenance window (a kind may make
 *                                  this mandatory or default it)
 * @param analysis metrics that must hold before each wave is left (see {@link AnalysisSpec}); none by default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WaveSpec(
        @Valid Canary canary,
        @Size(max = 100) List<Object> waves,
        WaveOrder order,
        Object maxConcurrency,
        @Min(0) @Max(604800) Integer soakSeconds,
        @Size(max = 100) List<@NotNull @Min(0) Integer> approvalBeforeWaves,
        Object maxFailures,
        FailurePolicy onFailure,
        UnreachablePolicy unreachable,
        Boolean respectMaintenanceWindows,
        @Valid AnalysisSpec analysis) {

    /** The canary (wave 0): a count of clusters picked in plan order, or named clusters. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Canary(@Min(0) @Max(10000) Integer count,
            @Size(max = 1000) List<@NotBlank @Size(max = 63) String> names) {
    }

    /** A plan with its settings, resolved against the targets. */
    public record Planned(WavePlan plan, CampaignSettings settings) {
    }

    /** Every field left out: one wave to all targets, unlimited concurrency, no failure tolerated. */
    public static WaveSpec defaults() {
        return new WaveSpec(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A spec for one cluster: a single wave, nothing tolerated, waiting for an unreachable cluster. */
    public static WaveSpec single() {
        return new WaveSpec(new Canary(0, null), null, null, null, null, null, null, FailurePolicy.PAUSE,
                UnreachablePolicy.WAIT, null, null);
    }

    /**
     * Validates the spec and plans the targets into canary and waves; every mistake is a 400 naming the field.
     */
    public Planned plan(List<WaveUnit> targets) {
        WavePlan plan = WavePlanner.plan(targets, planSpec());
        if (approvalBeforeWaves != null) {
            approvalBeforeWaves.stream().filter(w -> w >= plan.waves().size()).findFirst().ifPresent(w -> {
                throw FlotillaException.badInput("approvalBeforeWaves names wave " + w + " but the plan has waves 0 to "
                        + (plan.waves().size() - 1) + " (canary = 0)").with("field", "approvalBeforeWaves");
            });
        }
        Amount concurrency = maxConcurrency == null ? null : Amount.parse("maxConcurrency", maxConcurrency);
        if (concurrency != null && concurrency.value() == 0) {
            throw FlotillaException.badInput("field 'maxConcurrency' must be at least 1").with("field", "maxConcurrency");
        }
        Amount failures = maxFailures == null ? null : Amount.parse("maxFailures", maxFailures);
        if (analysis != null) {
            analysis.check();
        }
        return new Planned(plan, CampaignSettings.resolve(plan.targetCount(), concurrency, failures, onFailure,
                unreachable, soakSeconds, approvalBeforeWaves, analysis));
    }

    private PlanSpec planSpec() {
        List<Amount> amounts = new ArrayList<>();
        List<Object> raw = waves == null ? List.of() : waves;
        for (int i = 0; i < raw.size(); i++) {
            amounts.add(Amount.parse("waves[" + i + "]", raw.get(i)));
        }
        if (canary != null && canary.count() != null && canary.names() != null && !canary.names().isEmpty()) {
            throw FlotillaException.badInput("canary takes either 'count' or 'names', not both")
                    .with("field", "canary");
        }
        return new PlanSpec(canary == null ? null : canary.count(), canary == null ? null : canary.names(), amounts,
                order);
    }
}
