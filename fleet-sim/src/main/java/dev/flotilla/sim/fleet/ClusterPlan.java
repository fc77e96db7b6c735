package dev.flotilla.sim.fleet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated cluster's inventory entry: where it sits and its labels. Labels give selectors something to bite
 * on: {@code env} (a tenth are {@code staging}), {@code tier} (gold/silver/bronze), {@code ring} (0..9), and
 * {@code fleet} (the name prefix, so several fleets can share one meta-controller).
 */
public record ClusterPlan(String name, String tenant, String region, String zone, Map<String, String> labels) {

    static ClusterPlan of(FleetSpec spec, int index) {
        List<String> regions = spec.regions();
        String region = regions.get(index % regions.size());
        int zone = (index / regions.size()) % spec.zonesPerRegion();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("env", index % 10 == 9 ? "staging" : "prod");
        labels.put("tier", List.of("gold", "silver", "bronze").get(index % 3));
        labels.put("ring", String.valueOf(index % 10));
        labels.put("simulated", "true");
        labels.put("fleet", spec.namePrefix());
        return new ClusterPlan(spec.name(index), spec.tenants().get(index % spec.tenants().size()), region,
                region + "-" + (char) ('a' + zone), labels);
    }

    Map<String, Object> request() {
        return Map.of("name", name, "tenant", tenant, "region", region, "zone", zone, "labels", labels);
    }
}
