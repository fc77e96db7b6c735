package dev.flotilla.meta.wave;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Applies target updates (from reports, or from a kind's progress in an engine pass) with one history event per
 * target whose state moved. Neither wakes the engine: {@link TargetReports} does for reports.
 */
@Component
class TargetUpdates {

    private final Targets targets;
    private final History events;

    TargetUpdates(Targets targets, History events) {
        this.targets = targets;
        this.events = events;
    }

    List<TargetChange> apply(List<TargetUpdate> updates) {
        if (updates.isEmpty()) {
            return List.of();
        }
        List<TargetChange> changes = targets.apply(updates);
        Map<Long, List<CampaignEvent.New>> news = new LinkedHashMap<>();
        Map<String, String> messages = updates.stream().filter(u -> u.message() != null)
                .collect(Collectors.toMap(u -> u.campaignId() + "/" + u.clusterId(), TargetUpdate::message,
                        (a, b) -> b));
        for (TargetChange change : changes) {
            String message = messages.getOrDefault(change.campaignId() + "/" + change.clusterId(),
                    change.from() + " -> " + change.to());
            news.computeIfAbsent(change.campaignId(), id -> new ArrayList<>())
                    .add(new CampaignEvent.New("TARGET_" + change.to(), message, change.cluster()));
        }
        news.forEach(events::append);
        return changes;
    }
}
