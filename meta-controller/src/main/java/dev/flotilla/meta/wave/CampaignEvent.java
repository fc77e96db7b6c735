package dev.flotilla.meta.wave;

import java.time.Instant;

/**
 * One entry of a campaign's history.
 *
 * @param seq the campaign's event number: 1, 2, 3... with no gaps, in commit order
 * @param cluster the target's cluster, or null for a campaign-wide event
 */
public record CampaignEvent(long seq, Instant at, String type, String message, String cluster) {

    /** An event about to be written. */
    public record New(String type, String message, String cluster) {
        public static New of(String type, String message) {
            return new New(type, message, null);
        }
    }
}
