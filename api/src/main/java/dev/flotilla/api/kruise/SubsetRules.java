package dev.flotilla.api.kruise;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Subset names and sizes: fixed replicas must not exceed spec.replicas, and must equal it when every subset is fixed. */
final class SubsetRules {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private SubsetRules() {
    }

    /** Checks the subsets and returns their names. */
    static List<String> check(UnitedDeploymentSpec spec, Problems problems) {
        List<String> names = new ArrayList<>();
        List<UnitedDeploymentSpec.Subset> subsets = spec.topology() == null || spec.topology().subsets() == null
                ? List.of() : spec.topology().subsets();
        // Kruise defaults spec.replicas to 1 before its webhook validates.
        int replicas = spec.replicas() == null ? 1 : spec.replicas();
        int fixedSum = 0;
        int fixedCount = 0;
        for (int i = 0; i < subsets.size(); i++) {
            String at = "spec.topology.subsets[" + i + "]";
            UnitedDeploymentSpec.Subset subset = subsets.get(i);
            if (subset == null) {
                problems.add(at, "must not be null");
                continue;
            }
            checkName(at, subset.name(), names, problems);
            IntOrPercent fixed = checkReplicas(at, subset, problems);
            if (fixed != null) {
                fixedSum += fixed.resolveRounded(replicas);
                fixedCount++;
            }
        }
        checkSum(subsets.size(), fixedCount, fixedSum, replicas, spec.replicas() == null, problems);
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

    private static IntOrPercent checkReplicas(String at, UnitedDeploymentSpec.Subset subset, Problems problems) {
        IntOrPercent fixed = problems.intOrPercent(at + ".replicas", subset.replicas());
        IntOrPercent min = problems.intOrPercent(at + ".minReplicas", subset.minReplicas());
        IntOrPercent max = problems.intOrPercent(at + ".maxReplicas", subset.maxReplicas());
        if (subset.replicas() != null && (subset.minReplicas() != null || subset.maxReplicas() != null)) {
            problems.add(at + ".replicas", "cannot be combined with minReplicas or maxReplicas");
        }
        if (min != null && max != null && min.percent() == max.percent() && min.value() > max.value()) {
            problems.add(at + ".minReplicas", "must not exceed maxReplicas (" + min + " > " + max + ")");
        }
        return fixed;
    }

    private static void checkSum(int subsets, int fixedCount, int fixedSum, int replicas, boolean defaulted,
            Problems problems) {
        String replicasText = replicas + (defaulted ? " (the default)" : "");
        if (fixedCount > 0 && fixedCount == subsets && fixedSum != replicas) {
            problems.add("spec.topology.subsets", "every subset has fixed replicas, so they must add up to "
                    + "spec.replicas " + replicasText + ", but they add up to " + fixedSum);
        } else if (fixedSum > replicas) {
            problems.add("spec.topology.subsets", "fixed subset replicas add up to " + fixedSum
                    + ", more than spec.replicas " + replicasText);
        }
    }
}
