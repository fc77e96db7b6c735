package dev.flotilla.meta.wave;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The campaign rows as the engine pass and the operator controls read and change them ({@link CampaignStore} in
 * PostgreSQL). Every change is made inside the caller's transaction, under the campaign's row lock.
 */
interface CampaignRows {

    /** Locks a RUNNING or ROLLING_BACK campaign for one engine pass; empty when another pass holds it. */
    Optional<CampaignRow> claim(long id);

    /** Locks a campaign of this kind, in any state, waiting for a running engine pass to finish. */
    Optional<CampaignRow> lock(String kind, long id);

    /** The ids of the campaigns the engine still drives (RUNNING, ROLLING_BACK), in id order. */
    List<Long> moving();

    /** Sets the state and its message; a state that is no longer active also sets the finish time. */
    void moveTo(long id, CampaignState state, String message);

    /** Makes {@code wave} the current wave and clears the soak of the previous one. */
    void startWave(long id, int wave);

    /** The current wave soaks until then before the next may start. */
    void soakUntil(long id, Instant until);

    /** Waves up to and including {@code wave} are approved to start. */
    void approveThrough(long id, int wave);

    /** Failures accepted (not counted against the budget any more) by a resume after the budget was spent. */
    void failureBase(long id, int base);
}
