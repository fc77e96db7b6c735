package dev.flotilla.meta.upgrade;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.flotilla.meta.versions.ControlPlaneComponent;
import dev.flotilla.meta.versions.MinorVersion;
import dev.flotilla.meta.wave.CampaignState;
import dev.flotilla.meta.wave.CampaignView;
import dev.flotilla.meta.wave.TargetState;
import java.time.Instant;
import java.util.List;

/** What the upgrade campaign endpoints answer. */
final class UpgradeCampaignViews {

    private UpgradeCampaignViews() {
    }

    /** A cluster the selection matched that preflight refused: it is not a target. */
    record RefusedCluster(String cluster, List<String> reasons, List<PreflightResult.Reason> refusals) {
    }

    /** An upgrade campaign: what it upgrades to, who refused, and the wave engine's status (unwrapped). */
    record CampaignStatus(String targetVersion, boolean singleCluster, String createdBy,
            List<RefusedCluster> refused, @JsonUnwrapped CampaignView campaign) {
    }

    /** A campaign in a list. */
    record Summary(long id, String targetVersion, boolean singleCluster, CampaignState state, int currentWave,
            int waves, int targets, int refused, Instant createdAt, Instant finishedAt) {
    }

    /**
     * One target: a tenant cluster's upgrade.
     *
     * @param previousVersion the minor its control plane runs for sure: the start, then each finished hop
     * @param step the step in progress or last finished (1-based) of {@code steps}
     */
    record Target(String cluster, String region, String zone, int wave, TargetState state, Long upgradeId,
            String previousVersion, Integer step, Integer steps, String message, Instant updatedAt) {
    }

    /**
     * A dry run: the waves with their sizes and first clusters, the refused clusters, and each cluster's plan.
     *
     * @param clusters per-cluster plans, at most {@link UpgradeCampaignPlanning#SHOWN_CLUSTERS}
     */
    record DryRun(boolean dryRun, String targetVersion, int targets, List<Wave> waves, List<RefusedCluster> refused,
            Integer maxConcurrency, int maxFailures, String stepEstimate, List<ClusterPlan> clusters,
            boolean clustersTruncated, String scheduleBasis) {
    }

    /**
     * A planned wave.
     *
     * @param earliestStart the earliest moment one of its clusters can start a step in its window (now without one)
     * @param allStartableFrom the moment from which every one of its clusters has had a window that fits a step;
     *                         null when some cluster has no window long enough
     */
    record Wave(int index, String name, int targets, List<String> firstClusters, boolean approvalBefore,
            Instant earliestStart, Instant allStartableFrom, List<String> analysis) {
    }

    /** One cluster's upgrade: its hops and their components in order, and when its first step could start. */
    record ClusterPlan(String cluster, String host, int wave, MinorVersion from, MinorVersion to, List<HopPlan> hops,
            int steps, boolean windowed, Instant earliestStart) {
    }

    /** A hop of a cluster plan, without the manifests. */
    record HopPlan(MinorVersion from, MinorVersion to, String kubernetesVersion, List<ControlPlaneComponent> components) {
    }
}
