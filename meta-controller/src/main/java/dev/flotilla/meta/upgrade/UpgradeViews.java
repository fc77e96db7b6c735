package dev.flotilla.meta.upgrade;

import dev.flotilla.meta.versions.MinorVersion;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** What the upgrade endpoints answer. */
public final class UpgradeViews {

    private UpgradeViews() {
    }

    /**
     * When the first step could start: a cluster without a maintenance window may be upgraded at any time.
     *
     * @param earliestStepStart the earliest start at which one step fits in a window, null when none is long enough
     */
    public record Schedule(boolean windowed, boolean openNow, Instant earliestStepStart, String stepEstimate) {
    }

    /** A dry run's answer: the plan as it would be stored. */
    public record PlanView(String cluster, MinorVersion from, MinorVersion to, boolean dryRun,
            PreflightResult.Report preflight, List<UpgradePlan.Hop> hops, int steps, String estimate,
            Schedule schedule) {
    }

    /**
     * A stored upgrade; {@code hops} is the plan as decided when it was requested (absent in lists).
     *
     * @param campaignId the upgrade campaign executing it ({@code /api/v1/upgrades/campaigns/{id}})
     * @param progress the steps the host finished, as the meta-controller drove them
     * @param reportedVersion the Kubernetes version the cluster's own agent reports now: it follows the steps
     *                        (the upgrade may be SUCCEEDED before the agent reported the new version)
     * @param versionReported whether the reported version is already the upgrade's target minor
     */
    public record UpgradeView(long id, String cluster, String from, String to, UpgradeState state, boolean forced,
            String requestedBy, PreflightResult.Report preflight, JsonNode hops, Instant createdAt,
            Instant startedAt, Instant finishedAt, Long campaignId, Progress progress, String reportedVersion,
            boolean versionReported) {
    }

    /**
     * How far an upgrade's steps got.
     *
     * @param stepsDone steps the host reported SUCCEEDED
     * @param stepRunning whether the next step is on the host's work list (else it waits: not started, paused,
     *                    or outside the maintenance window; {@code message} says which)
     */
    public record Progress(int steps, int stepsDone, boolean stepRunning, boolean paused, String message) {
    }

}
