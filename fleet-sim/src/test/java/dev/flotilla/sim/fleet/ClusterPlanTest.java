package dev.flotilla.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClusterPlanTest {

    private final FleetSpec spec = FleetSpec.of(URI.create("http://localhost:8080"), "flt_x", 180);

    private List<ClusterPlan> plans() {
        return IntStream.range(0, spec.clusters()).mapToObj(i -> ClusterPlan.of(spec, i)).toList();
    }

    private static <K> Map<K, Long> countBy(List<ClusterPlan> plans, Function<ClusterPlan, K> key) {
        return plans.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    @Test
    void spreadsTheFleetEvenlyOverThreeRegionsAndNineZones() {
        List<ClusterPlan> plans = plans();

        assertThat(countBy(plans, ClusterPlan::region)).containsOnlyKeys("eu-west", "us-east", "ap-south")
                .allSatisfy((region, count) -> assertThat(count).isEqualTo(60));
        assertThat(countBy(plans, ClusterPlan::zone)).hasSize(9)
                .allSatisfy((zone, count) -> assertThat(count).isEqualTo(20));
        assertThat(plans).allSatisfy(p -> assertThat(p.zone()).startsWith(p.region() + "-"));
    }

    @Test
    void namesEveryClusterOnceAndLabelsItWithItsFleet() {
        List<ClusterPlan> plans = plans();

        assertThat(plans).extracting(ClusterPlan::name).doesNotHaveDuplicates().contains("sim-00000", "sim-00179");
        assertThat(plans).allSatisfy(p -> assertThat(p.labels()).containsEntry("fleet", "sim")
                .containsEntry("simulated", "true").containsKeys("env", "tier", "ring"));
        assertThat(countBy(plans, p -> p.labels().get("env"))).containsEntry("staging", 18L);
    }

    @Test
    void asksThePortalForTheClusterAsPlanned() {
        ClusterPlan plan = ClusterPlan.of(spec.withNamePrefix("edge"), 4);

        assertThat(plan.request()).containsEntry("name", "edge-00004").containsEntry("tenant", "shop")
                .containsEntry("region", "us-east").containsEntry("zone", "us-east-b")
                .containsEntry("labels", plan.labels());
    }
}
