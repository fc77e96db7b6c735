package dev.flotilla.meta.wave;

import java.util.List;

/**
 * A campaign's history as the engine pass and the controls add to it ({@link CampaignEvents}: written when the
 * transaction commits, numbered without gaps).
 */
interface History {

    /** Appends events to the campaign's history. */
    void append(long campaignId, List<CampaignEvent.New> events);

    default void append(long campaignId, CampaignEvent.New event) {
        append(campaignId, List.of(event));
    }
}
