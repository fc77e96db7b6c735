package dev.flotilla.api.kruise;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Subset names and sizes as Kruise's UnitedDeployment webhook checks them ({@code validateUnitedDeploymentSpec} and
 * {@code validateSubsetReplicas} in {@code pkg/webhook/uniteddeployment/validating/uniteddeployment_validation.go}).
 * {@code spec.replicas} has no default: when it is left out every subset needs an integer size.
 */
final class SubsetRules {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** What a subset without maxReplicas counts towards the sum of maxima. */
    private static final int NO_MAX = 1_000_000;

    private SubsetRules() {
    }

    /** Checks the subsets and returns their names. */
    static List<String> check(UnitedDeploymentSpec spec, Problems problems) {
        List<String> names = new ArrayList<>();
        List<UnitedDeploymentSpec.Subset> subsets = spec.topology() == null || spec.topology().subsets() == null
                ? List.of() : spec.topology().subsets();
        boolean adaptive = spec.topology() != null && spec.topology().scheduleStrategy() != null
                && "Adaptive".equals(spec.topology().scheduleStrategy().type());
        for (int i = 0; i < subsets.size(); i++) {
            String at = "spec.topology.subsets[" + i + "]";
            UnitedDeploymentSpec.Subset subset = subsets.get(i);
            if (subset == null) {
                problems.add(at, "must not be null");
                continue;
            }
            checkName(at, subset.name(), names, problems);
            if (adaptive && subset.replicas() != null) {
                problems.add(at + ".replicas", "not allowed with the Adaptive schedule strategy: use minReplicas "
                        + "and maxReplicas");
            }
        }
        checkSizes(spec.replicas(), subsets, problems);
        return names;
    }

    private static void checkName(String at, String name, List<String> names, Problems problems) {
        if (name == null || name.isEmpty()) {
            problems.add(at + ".name", "required");
            return;
        }
        if (name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
            problems.add(at + ".name", "\"" + name + "\" is not a DNS-1123 label");
        }
        if (names.contains(name)) {
            problems.add(at + ".name", "duplicate subset name \"" + name + "\"");
        }
        names.add(name);
    }

    private static void checkSizes(Integer replicas, List<UnitedDeploymentSpec.Subset> subsets, Problems problems) {
        int total = replicas == null ? -1 : replicas;
        long sum = 0;
        long sumMin = 0;
        long sumMax = 0;
        int fixed = 0;
        int withMax = 0;
        boolean capacity = false;
        for (int i = 0; i < subsets.size(); i++) {
            UnitedDeploymentSpec.Subset subset = subsets.get(i);
            if (subset == null) {
                continue;
            }
            String at = "spec.topology.subsets[" + i + "]";
            if (subset.replicas() != null) {
                fixed++;
                sum += parse(at + ".replicas", total, subset.replicas(), problems);
            }
            capacity |= subset.minReplicas() != null || subset.maxReplicas() != null;
            int min = subset.minReplicas() == null ? 0 : parse(at + ".minReplicas", total, subset.minReplicas(),
                    problems);
            int max = subset.maxReplicas() == null ? NO_MAX : parse(at + ".maxReplicas", total,
                    subset.maxReplicas(), problems);
            withMax += subset.maxReplicas() == null ? 0 : 1;
            sumMin += min;
            sumMax += max;
            if (min > max) {
                problems.add(at + ".minReplicas", "must not exceed maxReplicas (" + min + " > " + max + ")");
            }
        }
        if (fixed > 0 && capacity) {
            problems.add("spec.topology.subsets", "replicas and minReplicas/maxReplicas are mutually exclusive");
        } else if (capacity) {
            checkCapacity(total, subsets.size(), withMax, sumMin, sumMax, problems);
        } else if (total >= 0) {
            if (sum > total) {
                problems.add("spec.topology.subsets", "subset replicas add up to " + sum
                        + ", more than spec.replicas " + total);
            }
            if (fixed > 0 && fixed == subsets.size() && sum != total) {
                problems.add("spec.topology.subsets", "every subset has replicas, so they must add up to "
                        + "spec.replicas " + total + ", but they add up to " + sum);
            }
        } else if (fixed != subsets.size()) {
            problems.add("spec.topology.subsets", "without spec.replicas every subset needs replicas");
        }
    }

    private static void checkCapacity(int total, int subsets, int withMax, long sumMin, long sumMax,
            Problems problems) {
        if (total < 0) {
            problems.add("spec.replicas", "required when subsets have minReplicas or maxReplicas");
        }
        if (withMax >= subsets) {
            problems.add("spec.topology.subsets", "at least one subset must have no maxReplicas");
        }
        if (sumMin > sumMax) {
            problems.add("spec.topology.subsets", "minReplicas add up to " + sumMin + ", more than the maxReplicas ("
                    + sumMax + ")");
        }
    }

    /**
     * {@code ParseSubsetReplicas}: an integer of at least 0, or a whole percentage 0..100 of spec.replicas rounded
     * half up, which needs spec.replicas. A value that cannot be read counts as 0, as upstream.
     */
    private static int parse(String at, int total, IntOrString value, Problems problems) {
        if (value.getValue() instanceof Integer number) {
            if (number < 0) {
                problems.add(at, "must not be negative, got " + number);
                return 0;
            }
            return number;
        }
        if (total < 0) {
            problems.add(at, "a percentage needs spec.replicas, got \"" + value.getValue() + "\"");
            return 0;
        }
        IntOrPercent parsed = problems.intOrPercent(at, value);
        return parsed == null ? 0 : parsed.resolveRounded(total);
    }
}
