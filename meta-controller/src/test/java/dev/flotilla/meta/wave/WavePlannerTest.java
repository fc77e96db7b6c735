package dev.flotilla.meta.wave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.meta.web.FlotillaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WavePlannerTest {

    @Test
    void scatterSpreadsEveryWaveAcrossZonesInProportion() {
        List<WaveUnit> units = zones(Map.of("a", 50, "b", 30, "c", 20));

        WavePlan plan = WavePlanner.plan(units, spec(null, List.of("10%", "50%", "100%"), WaveOrder.SCATTER));

        assertThat(sizes(plan)).containsExactly(0, 10, 40, 50);
        assertThat(perZone(plan.waves().get(1))).containsEntry("a", 5L).containsEntry("b", 3L).containsEntry("c", 2L);
        assertThat(perZone(plan.waves().get(2))).containsEntry("a", 20L).containsEntry("b", 12L)
                .containsEntry("c", 8L);
        assertThat(plan.targetCount()).isEqualTo(100);
    }

    @Test
    void canaryByCountIsSpreadAcrossZonesAndCountsTowardsTheFirstWave() {
        List<WaveUnit> units = zones(Map.of("a", 4, "b", 4, "c", 4));

        WavePlan plan = WavePlanner.plan(units, spec(3, List.of("50%", "100%"), WaveOrder.SCATTER));

        assertThat(sizes(plan)).containsExactly(3, 3, 6);
        assertThat(perZone(plan.waves().get(0))).containsOnlyKeys("a", "b", "c");
    }

    @Test
    void zoneByZoneRunsEveryWaveWithinAZoneBeforeTheNextZone() {
        List<WaveUnit> units = zones(Map.of("b", 4, "a", 2));

        WavePlan plan = WavePlanner.plan(units, spec(1, List.of("50%", "100%"), WaveOrder.ZONE_BY_ZONE));

        assertThat(plan.waves()).extracting(WavePlan.PlannedWave::name)
                .containsExactly("canary", "a 50%", "a 100%", "b 50%", "b 100%");
        assertThat(plan.waves().get(0).units()).extracting(WaveUnit::name).containsExactly("a-00");
        assertThat(sizes(plan)).containsExactly(1, 0, 1, 2, 2);
        assertThat(plan.waves().get(3).units()).extracting(WaveUnit::name).containsExactly("b-00", "b-01");
    }

    @Test
    void namedCanaryClustersFormWaveZero() {
        WavePlan plan = WavePlanner.plan(zones(Map.of("a", 3)),
                new PlanSpec(null, List.of("a-02"), List.of(Amount.parse("w", "100%")), null));

        assertThat(plan.waves().get(0).units()).extracting(WaveUnit::name).containsExactly("a-02");
        assertThat(plan.waves().get(1).units()).extracting(WaveUnit::name).containsExactly("a-00", "a-01");
    }

    @ParameterizedTest
    @CsvSource({"10%, 7, 1", "10%, 10, 1", "10%, 11, 2", "100%, 3, 3", "33%, 100, 33", "5, 100, 5", "1%, 1, 1"})
    void percentsRoundUpAndCountsStayCounts(String amount, int total, int expected) {
        assertThat(Amount.parse("f", amount).ceilOf(total)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"10%, 7, 0", "10%, 19, 1", "10%, 20, 2", "2, 100, 2", "50%, 5, 2"})
    void aFailureBudgetPercentRoundsDown(String amount, int total, int expected) {
        CampaignSettings settings = CampaignSettings.resolve(total, null, Amount.parse("maxFailures", amount),
                null, null, null, null, null);
        assertThat(settings.maxFailures()).isEqualTo(expected);
        assertThat(settings.onFailure()).isEqualTo(FailurePolicy.PAUSE);
    }

    @Test
    void theBudgetIsSpentOnlyWhenFailuresExceedIt() {
        CampaignRow row = new CampaignRow(1, "ROLLOUT", "web", CampaignState.RUNNING, 0, List.of(), 10, null, 2, 0,
                FailurePolicy.PAUSE, UnreachablePolicy.WAIT, 0, List.of(), -1, null, null, null, null, null);
        assertThat(row.budgetSpent(2)).isFalse();
        assertThat(row.budgetSpent(3)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "50%%", "%5", "-1", "150%", "0%", "1.5%", ""})
    void malformedAmountsAreBadInput(String raw) {
        assertThatThrownBy(() -> Amount.parse("waves[0]", raw)).isInstanceOf(FlotillaException.class)
                .hasMessageContaining("waves[0]");
    }

    @Test
    void refusesWavesThatDoNotReachEveryTargetOrDoNotIncrease() {
        List<WaveUnit> units = zones(Map.of("a", 10));
        assertThatThrownBy(() -> WavePlanner.plan(units, spec(null, List.of("50%"), WaveOrder.SCATTER)))
                .hasMessageContaining("must reach all");
        assertThatThrownBy(() -> WavePlanner.plan(units, spec(null, List.of("50%", "20%", "100%"), WaveOrder.SCATTER)))
                .hasMessageContaining("must increase");
        assertThatThrownBy(() -> WavePlanner.plan(units, spec(11, List.of("100%"), WaveOrder.SCATTER)))
                .hasMessageContaining("canary count 11");
        assertThatThrownBy(() -> WavePlanner.plan(List.of(), spec(null, List.of("100%"), WaveOrder.SCATTER)))
                .hasMessageContaining("matches no");
    }

    private static PlanSpec spec(Integer canary, List<String> waves, WaveOrder order) {
        List<Amount> amounts = waves.stream().map(w -> Amount.parse("waves", w)).toList();
        return new PlanSpec(canary, null, amounts, order);
    }

    private static List<WaveUnit> zones(Map<String, Integer> sizes) {
        List<WaveUnit> units = new ArrayList<>();
        long id = 1;
        for (Map.Entry<String, Integer> zone : sizes.entrySet()) {
            for (int i = 0; i < zone.getValue(); i++) {
                units.add(new WaveUnit(id++, zone.getKey() + "-" + String.format("%02d", i), "eu", zone.getKey()));
            }
        }
        return units;
    }

    private static List<Integer> sizes(WavePlan plan) {
        return plan.waves().stream().map(w -> w.units().size()).toList();
    }

    private static Map<String, Long> perZone(WavePlan.PlannedWave wave) {
        return wave.units().stream().collect(Collectors.groupingBy(WaveUnit::zone, Collectors.counting()));
    }
}
