package dev.flotilla.meta.wave;

import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The {@link History} the engine writes to: {@link CampaignEvents}, whose append stays package-private (it is a
 * public class, this keeps its public API as it was).
 */
@Component
class EventHistory implements History {

    private final CampaignEvents events;

    EventHistory(CampaignEvents events) {
        this.events = events;
    }

    @Override
    public void append(long campaignId, List<CampaignEvent.New> events) {
        this.events.append(campaignId, events);
    }
}
