package dev.flotilla.meta.analysis;

import dev.flotilla.meta.wave.AnalysisSpec;
import java.util.List;

/**
 * The values a query's placeholders take for one round: {@code ${clusters}} (the wave's cluster names as a regex
 * alternation, for {@code =~}), {@code ${cluster}} (CLUSTER-scoped metrics), {@code ${application}} and
 * {@code ${revision}} (a rollout's; empty for other kinds) and {@code ${wave}}.
 */
record QueryVariables(List<String> clusters, String application, String revision, int wave) {

    static QueryVariables of(AnalysisRuns runs, AnalysisRuns.Due run) {
        boolean rollout = run.kind().equals("ROLLOUT");
        String revision = rollout ? runs.rolloutRevision(run.campaignId()).map(String::valueOf).orElse("") : "";
        return new QueryVariables(runs.waveClusters(run.campaignId(), run.wave()), rollout ? run.subject() : "",
                revision, run.wave());
    }

    String expand(String query, String cluster) {
        return AnalysisSpec.expand(query, clusters, cluster, application, revision, wave);
    }
}
