package dev.flotilla.meta.wave;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory {@link History}. Simplification: events are kept at once, not when a transaction commits (a unit test
 * runs the engine without one), and are not numbered.
 */
final class FakeHistory implements History {

    private final Map<Long, List<CampaignEvent.New>> events = new LinkedHashMap<>();

    @Override
    public void append(long campaignId, List<CampaignEvent.New> news) {
        events.computeIfAbsent(campaignId, id -> new ArrayList<>()).addAll(news);
    }

    List<CampaignEvent.New> of(long campaignId) {
        return events.getOrDefault(campaignId, List.of());
    }

    /** The campaign's event types, oldest first. */
    List<String> types(long campaignId) {
        return of(campaignId).stream().map(CampaignEvent.New::type).toList();
    }
}
