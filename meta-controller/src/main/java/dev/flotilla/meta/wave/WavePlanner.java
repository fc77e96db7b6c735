package dev.flotilla.meta.wave;

import dev.flotilla.meta.web.FlotillaException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * Splits targets into the canary (wave 0) and cumulative waves. SCATTER interleaves the zones so that any
 * prefix of the order holds each zone in proportion to its size; ZONE_BY_ZONE runs every wave within one zone
 * before the next zone (zones by name), so wave numbers run zone by zone.
 */
public final class WavePlanner {

    private static final Comparator<WaveUnit> BY_NAME = Comparator.comparing(WaveUnit::name);

    private WavePlanner() {
    }

    public static WavePlan plan(List<WaveUnit> targets, PlanSpec spec) {
        if (targets.isEmpty()) {
            throw FlotillaException.badInput("the cluster selection matches no targetable cluster");
        }
        checkIncreasing(spec.waves());
        List<WaveUnit> sorted = targets.stream().sorted(BY_NAME).toList();
        List<WaveUnit> canary = canary(sorted, spec);
        Set<WaveUnit> canarySet = Set.copyOf(canary);
        List<WaveUnit> rest = sorted.stream().filter(u -> !canarySet.contains(u)).toList();
        List<WavePlan.PlannedWave> waves = new ArrayList<>();
        waves.add(new WavePlan.PlannedWave(0, "canary", canary));
        if (spec.order() == WaveOrder.SCATTER) {
            addSlices(waves, interleave(rest), sorted.size(), canary.size(), spec.waves(), "");
        } else {
            for (Map.Entry<String, List<WaveUnit>> zone : byZone(sorted).entrySet()) {
                List<WaveUnit> zoneRest = zone.getValue().stream().filter(u -> !canarySet.contains(u)).toList();
                int zoneCanaries = zone.getValue().size() - zoneRest.size();
                addSlices(waves, zoneRest, zone.getValue().size(), zoneCanaries, spec.waves(), zone.getKey() + " ");
            }
        }
        return new WavePlan(waves);
    }

    /** The order SCATTER dispatches in: each next target from the zone furthest behind its share. */
    static List<WaveUnit> interleave(List<WaveUnit> units) {
        Map<String, List<WaveUnit>> zones = byZone(units);
        record Cursor(String zone, List<WaveUnit> units, int taken) {
            double share() {
                return (taken + 0.5) / units.size();
            }
        }
        PriorityQueue<Cursor> queue = new PriorityQueue<>(Comparator.comparingDouble(Cursor::share)
                .thenComparing(c -> -c.units().size()).thenComparing(Cursor::zone));
        zones.forEach((zone, list) -> queue.add(new Cursor(zone, list, 0)));
        List<WaveUnit> order = new ArrayList<>(units.size());
        while (!queue.isEmpty()) {
            Cursor next = queue.poll();
            order.add(next.units().get(next.taken()));
            if (next.taken() + 1 < next.units().size()) {
                queue.add(new Cursor(next.zone(), next.units(), next.taken() + 1));
            }
        }
        return order;
    }

    private static List<WaveUnit> canary(List<WaveUnit> sorted, PlanSpec spec) {
        if (!spec.canaryNames().isEmpty()) {
            Map<String, WaveUnit> byName = new TreeMap<>();
            sorted.forEach(u -> byName.put(u.name(), u));
            Set<WaveUnit> picked = new LinkedHashSet<>();
            for (String name : spec.canaryNames()) {
                WaveUnit unit = byName.get(name);
                if (unit == null) {
                    throw FlotillaException.badInput("canary cluster '" + name + "' is not a target of this rollout")
                            .with("cluster", name);
                }
                picked.add(unit);
            }
            return List.copyOf(picked);
        }
        int count = spec.canaryCount() == null ? 0 : spec.canaryCount();
        if (count > sorted.size()) {
            throw FlotillaException.badInput("canary count " + count + " exceeds the " + sorted.size() + " targets");
        }
        List<WaveUnit> order = spec.order() == WaveOrder.SCATTER ? interleave(sorted) : zoneOrder(sorted);
        return List.copyOf(order.subList(0, count));
    }

    /** Appends one wave per amount, each the next slice of {@code order} up to the amount's cumulative count. */
    private static void addSlices(List<WavePlan.PlannedWave> waves, List<WaveUnit> order, int whole, int canaries,
            List<Amount> amounts, String prefix) {
        Amount last = amounts.get(amounts.size() - 1);
        if (last.ceilOf(whole) < whole) {
            throw FlotillaException.badInput("the last wave '" + last + "' reaches " + last.ceilOf(whole) + " of "
                    + whole + " targets" + (prefix.isEmpty() ? "" : " in zone " + prefix.strip())
                    + "; the last wave must reach all (use '100%')").with("field", "waves");
        }
        int from = 0;
        for (Amount amount : amounts) {
            int to = Math.max(from, Math.min(order.size(), amount.ceilOf(whole) - canaries));
            waves.add(new WavePlan.PlannedWave(waves.size(), prefix + amount, List.copyOf(order.subList(from, to))));
            from = to;
        }
    }

    private static void checkIncreasing(List<Amount> amounts) {
        for (int i = 1; i < amounts.size(); i++) {
            Amount before = amounts.get(i - 1);
            Amount after = amounts.get(i);
            if (before.percent() == after.percent() && after.value() <= before.value()) {
                throw FlotillaException.badInput("waves must increase: '" + after + "' follows '" + before + "'")
                        .with("field", "waves");
            }
        }
    }

    private static List<WaveUnit> zoneOrder(List<WaveUnit> sorted) {
        return byZone(sorted).values().stream().flatMap(List::stream).toList();
    }

    private static Map<String, List<WaveUnit>> byZone(List<WaveUnit> units) {
        Map<String, List<WaveUnit>> zones = new TreeMap<>();
        for (WaveUnit unit : units) {
            zones.computeIfAbsent(unit.zone(), z -> new ArrayList<>()).add(unit);
        }
        zones.values().forEach(list -> list.sort(BY_NAME));
        return zones;
    }
}
