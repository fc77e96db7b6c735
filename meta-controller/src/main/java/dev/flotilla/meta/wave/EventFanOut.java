package dev.flotilla.meta.wave;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Tells in-process listeners (event streams) that a campaign has new events: at once for this replica's
 * commits, and once a second for everyone, which catches the commits of other replicas.
 */
@Component
public class EventFanOut {

    private final Map<Long, Set<Runnable>> listeners = new ConcurrentHashMap<>();

    /** Registers a cheap, non-blocking listener; close the answer to stop listening. */
    public AutoCloseable subscribe(long campaignId, Runnable onChange) {
        listeners.computeIfAbsent(campaignId, id -> ConcurrentHashMap.newKeySet()).add(onChange);
        return () -> listeners.computeIfPresent(campaignId, (id, set) -> {
            set.remove(onChange);
            return set.isEmpty() ? null : set;
        });
    }

    void changed(long campaignId) {
        listeners.getOrDefault(campaignId, Set.of()).forEach(Runnable::run);
    }

    @Scheduled(fixedDelay = 1000)
    void sweep() {
        listeners.values().forEach(set -> set.forEach(Runnable::run));
    }
}
