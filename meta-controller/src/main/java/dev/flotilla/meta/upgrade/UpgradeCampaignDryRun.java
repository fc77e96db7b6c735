package dev.flotilla.meta.upgrade;

import dev.flotilla.meta.controlplane.HostedControlPlane;
import dev.flotilla.meta.versions.VersionCatalog;
import dev.flotilla.meta.wave.CampaignSettings;
import dev.flotilla.meta.wave.WavePlan;
import dev.flotilla.meta.wave.WaveUnit;
import dev.flotilla.meta.window.MaintenanceWindow;
import dev.flotilla.meta.window.MaintenanceWindowService;
import dev.flotilla.meta.window.WindowGate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Answers a fleet upgrade's plan without starting it: waves, refused clusters, per-cluster hops and windows. */
@Component
class UpgradeCampaignDryRun {

    static final String SCHEDULE_BASIS = "a cluster's first step can start once its maintenance window is open and "
            + "long enough for one step (stepEstimate); clusters without a window can start at once. Wave times are "
            + "counted from now and leave out the time earlier waves take";

    private final MaintenanceWindowService windows;
    private final WindowGate gate;
    private final VersionCatalog catalog;
    private final Clock clock;

    UpgradeCampaignDryRun(MaintenanceWindowService windows, WindowGate gate, VersionCatalog catalog, Clock clock) {
        this.windows = windows;
        this.gate = gate;
        this.catalog = catalog;
        this.clock = clock;
    }

    UpgradeCampaignViews.DryRun of(UpgradeCampaignRequest request, UpgradeCampaignPlanning.Planned planned) {
        Instant now = clock.instant();
        Duration step = catalog.stepEstimate();
        Map<Long, UpgradeLaunch.Checked> byId = new HashMap<>();
        planned.targets().forEach(t -> byId.put(t.row().clusterId(), t));
        Map<Long, MaintenanceWindow> windowed = windows.findAll(byId.keySet());
        Map<Long, Optional<Instant>> starts = new HashMap<>();
        byId.keySet().forEach(id -> starts.put(id,
                gate.earliestStart(Optional.ofNullable(windowed.get(id)), step, now)));
        CampaignSettings s = planned.settings();
        List<UpgradeCampaignViews.Wave> waves = new ArrayList<>();
        List<UpgradeCampaignViews.ClusterPlan> clusters = new ArrayList<>();
        for (WavePlan.PlannedWave wave : planned.plan().waves()) {
            List<Optional<Instant>> waveStarts = wave.units().stream().map(u -> starts.get(u.clusterId())).toList();
            waves.add(new UpgradeCampaignViews.Wave(wave.index(), wave.name(), wave.units().size(),
                    wave.units().stream().limit(10).map(WaveUnit::name).toList(),
                    s.approvalWaves().contains(wave.index()),
                    waveStarts.stream().flatMap(Optional::stream).min(Instant::compareTo).orElse(null),
                    waveStarts.stream().anyMatch(Optional::isEmpty) ? null
                            : waveStarts.stream().map(Optional::get).max(Instant::compareTo).orElse(null),
                    s.analysis() == null ? List.of() : s.analysis().describe(wave.units().stream()
                            .map(WaveUnit::name).toList(), "", "", wave.index())));
            for (WaveUnit unit : wave.units()) {
                if (clusters.size() < UpgradeCampaignPlanning.SHOWN_CLUSTERS) {
                    clusters.add(cluster(byId.get(unit.clusterId()), wave.index(),
                            windowed.containsKey(unit.clusterId()), starts.get(unit.clusterId()).orElse(null)));
                }
            }
        }
        return new UpgradeCampaignViews.DryRun(true, request.targetVersion(), planned.plan().targetCount(), waves,
                planned.refused(), s.maxConcurrency(), s.maxFailures(), step.toString(), clusters,
                planned.plan().targetCount() > clusters.size(), SCHEDULE_BASIS);
    }

    private static UpgradeCampaignViews.ClusterPlan cluster(UpgradeLaunch.Checked checked, int wave, boolean windowed,
            Instant start) {
        UpgradePlan plan = checked.plan();
        List<UpgradeCampaignViews.HopPlan> hops = plan.hops().stream()
                .map(h -> new UpgradeCampaignViews.HopPlan(h.from(), h.to(), h.kubernetesVersion(),
                        h.steps().stream().map(UpgradePlan.Step::component).toList()))
                .toList();
        HostedControlPlane cp = Objects.requireNonNull(checked.row().candidate().controlPlane());
        return new UpgradeCampaignViews.ClusterPlan(checked.row().candidate().cluster(), cp.hostCluster(), wave,
                plan.from(), plan.to(), hops, plan.stepCount(), windowed, start);
    }
}
