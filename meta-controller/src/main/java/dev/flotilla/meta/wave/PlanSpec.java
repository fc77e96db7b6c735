package dev.flotilla.meta.wave;

import java.util.List;

/**
 * What to plan: a canary (a count or named clusters, wave 0) and the cumulative waves after it.
 *
 * @param canaryCount canary clusters picked in plan order; null or 0 for none
 * @param canaryNames canary clusters by name; empty when picked by count
 * @param waves cumulative amounts of all targets (canary included) reached by the end of each wave
 */
public record PlanSpec(Integer canaryCount, List<String> canaryNames, List<Amount> waves, WaveOrder order) {

    public PlanSpec {
        canaryNames = canaryNames == null ? List.of() : List.copyOf(canaryNames);
        waves = waves == null || waves.isEmpty() ? List.of(new Amount(100, true)) : List.copyOf(waves);
        order = order == null ? WaveOrder.SCATTER : order;
    }
}
