package dev.flotilla.meta.wave;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An analysis gate whose verdicts the test sets per campaign; campaigns without one have no analysis. */
final class FakeAnalysisGate implements AnalysisGate {

    final Map<Long, Verdict> verdicts = new HashMap<>();
    final List<String> restarts = new ArrayList<>();

    @Override
    public Verdict check(long campaignId, int wave, Instant now) {
        return verdicts.getOrDefault(campaignId, Verdict.NO_ANALYSIS);
    }

    @Override
    public void restart(long campaignId, int wave, Instant now) {
        restarts.add(campaignId + "/" + wave);
    }

    @Override
    public void validate(AnalysisSpec spec) {
    }

    void set(long campaignId, State state, String message) {
        verdicts.put(campaignId, new Verdict(state, message, List.of(), Map.of()));
    }

    void failTargets(long campaignId, Map<Long, String> failed) {
        Verdict v = verdicts.getOrDefault(campaignId, Verdict.NO_ANALYSIS);
        verdicts.put(campaignId, new Verdict(v.state(), v.message(), List.of(), failed));
    }
}
