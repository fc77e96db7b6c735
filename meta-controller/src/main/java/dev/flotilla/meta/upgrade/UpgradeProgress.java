package dev.flotilla.meta.upgrade;

import java.util.ArrayList;
import java.util.List;

/**
 * An upgrade as its executor sees it: the stored plan and how far it got. Steps are numbered 0.. across hops.
 *
 * @param stepsDone steps finished; step {@code stepsDone} is the next (or, when {@code stepRunning}, the current)
 * @param stepRunning step {@code stepsDone} is on the host's work list and not finished
 */
record UpgradeProgress(long id, long clusterId, String cluster, Long campaignId, UpgradeState state, int stepsDone,
        boolean stepRunning, List<UpgradePlan.Hop> hops) {

    /** One step of the plan with its place: the hop it belongs to, and whether it closes that hop. */
    record PlannedStep(int index, UpgradePlan.Hop hop, UpgradePlan.Step step, boolean lastOfHop) {
        String describe(int steps) {
            return "step " + (index + 1) + "/" + steps + ": " + step.component().workloadName() + " to "
                    + hop.kubernetesVersion() + " (hop " + hop.from() + " -> " + hop.to() + ")";
        }
    }

    List<PlannedStep> steps() {
        List<PlannedStep> all = new ArrayList<>();
        for (UpgradePlan.Hop hop : hops) {
            for (int i = 0; i < hop.steps().size(); i++) {
                all.add(new PlannedStep(all.size(), hop, hop.steps().get(i), i == hop.steps().size() - 1));
            }
        }
        return all;
    }

    int stepCount() {
        return hops.stream().mapToInt(h -> h.steps().size()).sum();
    }

    boolean allDone() {
        return stepsDone >= stepCount();
    }
}
