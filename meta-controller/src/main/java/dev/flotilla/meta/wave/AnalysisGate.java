package dev.flotilla.meta.wave;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a wave's analysis says about promoting the campaign past the wave. The engine asks on each pass once the
 * wave's targets are done, inside its transaction under the campaign's row lock; the measurements themselves are
 * taken elsewhere (never inside that transaction), so a slow metrics provider never holds a campaign.
 */
public interface AnalysisGate {

    /** A campaign without analysis: every wave passes at once. */
    AnalysisGate NONE = new AnalysisGate() {
        @Override
        public Verdict check(long campaignId, int wave, Instant now) {
            return Verdict.NO_ANALYSIS;
        }

        @Override
        public void restart(long campaignId, int wave, Instant now) {
        }

        @Override
        public void validate(AnalysisSpec spec) {
        }
    };

    enum State { NONE, RUNNING, PASSED, FAILED, INCONCLUSIVE }

    /**
     * @param message why it failed or was inconclusive, or how it passed
     * @param rounds one line per round measured since the last check, for the campaign's events
     * @param failedTargets succeeded targets (by cluster id) whose own CLUSTER-scoped metrics failed more often
     *                      than the analysis tolerates, with why: they fail, against the campaign's failure budget
     */
    record Verdict(State state, String message, List<String> rounds, Map<Long, String> failedTargets) {
        public static final Verdict NO_ANALYSIS = new Verdict(State.NONE, null, List.of(), Map.of());
    }

    /** The wave's verdict so far; starts the wave's analysis when the campaign has one and the wave none yet. */
    Verdict check(long campaignId, int wave, Instant now);

    /** Measures the wave again from the start: an operator resumed a campaign its analysis had stopped. */
    void restart(long campaignId, int wave, Instant now);

    /** Refuses (400) a spec that names a provider this service does not know. */
    void validate(AnalysisSpec spec);
}
