package dev.flotilla.meta.upgrade;

import dev.flotilla.meta.versions.VersionCatalog;
import dev.flotilla.meta.window.MaintenanceWindow;
import dev.flotilla.meta.window.MaintenanceWindowService;
import dev.flotilla.meta.window.MaintenanceWindows;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Relates a plan to the cluster's maintenance window: is it open now, and when could the first step start. */
@Component
class UpgradeSchedule {

    private final MaintenanceWindowService windows;
    private final MaintenanceWindows arithmetic;
    private final VersionCatalog catalog;
    private final Clock clock;

    UpgradeSchedule(MaintenanceWindowService windows, MaintenanceWindows arithmetic, VersionCatalog catalog,
            Clock clock) {
        this.windows = windows;
        this.arithmetic = arithmetic;
        this.catalog = catalog;
        this.clock = clock;
    }

    UpgradeViews.Schedule of(long clusterId) {
        Duration step = catalog.stepEstimate();
        Optional<MaintenanceWindow> window = windows.find(clusterId);
        if (window.isEmpty()) {
            return new UpgradeViews.Schedule(false, true, clock.instant(), step.toString());
        }
        return new UpgradeViews.Schedule(true, arithmetic.isOpenNow(window.get()),
                arithmetic.earliestStartFromNow(window.get(), step).orElse(null), step.toString());
    }

    Duration estimate(UpgradePlan plan) {
        return plan.estimate(catalog.stepEstimate());
    }
}
