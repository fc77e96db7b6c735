package dev.flotilla.meta.analysis;

import dev.flotilla.meta.wave.AnalysisGate;
import dev.flotilla.meta.wave.AnalysisSpec;
import dev.flotilla.meta.web.FlotillaException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The wave engine's view of analyses: starts a wave's run when the engine first asks, answers its verdict, and
 * hands the rounds measured since the last pass to the campaign's events. A campaign's spec never changes, so it is
 * read once per campaign and kept.
 */
@Component
class AnalysisGates implements AnalysisGate {

    private final AnalysisRuns runs;
    private final MetricProviders providers;
    private final ObjectMapper json;
    private final Map<Long, Optional<AnalysisSpec>> specs = new ConcurrentHashMap<>();

    AnalysisGates(AnalysisRuns runs, MetricProviders providers, ObjectMapper json) {
        this.runs = runs;
        this.providers = providers;
        this.json = json;
    }

    @Override
    public Verdict check(long campaignId, int wave, Instant now) {
        Optional<AnalysisSpec> spec = spec(campaignId);
        if (spec.isEmpty()) {
            return Verdict.NO_ANALYSIS;
        }
        AnalysisRuns.Run run = runs.find(campaignId, wave).orElseGet(() -> runs.start(campaignId, wave,
                spec.get().rounds(), now, now.plusSeconds(spec.get().interval())));
        List<String> told = run.rounds() > run.announcedRound()
                ? runs.announce(campaignId, wave, run.announcedRound(), run.rounds()) : List.of();
        State state = State.valueOf(run.verdict());
        String message = run.message() != null ? run.message() : run.rounds() + " of " + run.passAtRound()
                + " rounds measured";
        Map<Long, String> failedTargets = spec.get().metrics().stream()
                .anyMatch(m -> m.scopeOrDefault() == AnalysisSpec.Scope.CLUSTER)
                ? runs.failingClusters(campaignId, wave, run.passAtRound() - spec.get().rounds(),
                        spec.get().failuresTolerated()) : Map.of();
        return new Verdict(state, message, told, failedTargets);
    }

    @Override
    public void restart(long campaignId, int wave, Instant now) {
        spec(campaignId).ifPresent(s -> runs.restart(campaignId, wave, s.rounds(), now.plusSeconds(s.interval())));
    }

    @Override
    public void validate(AnalysisSpec spec) {
        if (spec != null && providers.get(spec.provider()).isEmpty()) {
            throw FlotillaException.badInput("analysis.provider '" + spec.provider() + "' is not configured; "
                    + (providers.names().isEmpty() ? "no provider is (set flotilla.analysis.providers.<name>.url)"
                    : "configured: " + providers.names())).with("field", "analysis.provider");
        }
    }

    private Optional<AnalysisSpec> spec(long campaignId) {
        return specs.computeIfAbsent(campaignId, id -> runs.spec(id)
                .map(text -> json.readValue(text, AnalysisSpec.class)));
    }
}
