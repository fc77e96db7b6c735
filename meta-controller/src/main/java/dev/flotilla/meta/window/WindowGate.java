package dev.flotilla.meta.window;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Whether work of a given length may start now on clusters with maintenance windows: only inside a window, and
 * only if it can finish before that window closes. Clusters without a window may always start.
 */
@Component
public class WindowGate {

    private final MaintenanceWindowService windows;
    private final MaintenanceWindows arithmetic;

    WindowGate(MaintenanceWindowService windows, MaintenanceWindows arithmetic) {
        this.windows = windows;
        this.arithmetic = arithmetic;
    }

    /** The clusters among these that may not start {@code work} at {@code now}, with why; one query for all. */
    public Map<Long, String> closed(Collection<Long> clusterIds, Duration work, Instant now) {
        Map<Long, String> closed = new LinkedHashMap<>();
        if (clusterIds.isEmpty()) {
            return closed;
        }
        windows.findAll(clusterIds).forEach((id, window) -> why(window, work, now).ifPresent(w -> closed.put(id, w)));
        return closed;
    }

    /** Why {@code work} may not start at {@code now} in this window, or empty when it may. */
    Optional<String> why(MaintenanceWindow window, Duration work, Instant now) {
        Optional<Instant> start = arithmetic.earliestStart(window, now, work);
        if (start.isEmpty()) {
            return Optional.of("waits: no maintenance window is long enough for " + work + " of work");
        }
        if (start.get().isAfter(now)) {
            return Optional.of("waits for its maintenance window: " + work + " of work fits from " + start.get());
        }
        return Optional.empty();
    }

    /** When {@code work} could start on the cluster at or after {@code from}; empty when no window fits it. */
    public Optional<Instant> earliestStart(Optional<MaintenanceWindow> window, Duration work, Instant from) {
        return window.isEmpty() ? Optional.of(from) : arithmetic.earliestStart(window.get(), from, work);
    }
}
