package dev.flotilla.meta.analysis;

import dev.flotilla.meta.wave.AnalysisSpec;
import dev.flotilla.meta.wave.WaveEngine;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.ObjectMapper;

/**
 * Takes the measurements: every second, claims the runs whose next round is due (on any replica), asks the
 * provider each metric's query outside any transaction, then records the round and its verdict in one transaction
 * and wakes the campaign. A measurement without a number is inconclusive; a number the condition refuses is a
 * failure.
 */
@Component
class AnalysisRunner {

    static final int CLAIM_LIMIT = 20;
    private static final Logger log = LoggerFactory.getLogger(AnalysisRunner.class);

    private final AnalysisRuns runs;
    private final MetricProviders providers;
    private final WaveEngine engine;
    private final TransactionOperations tx;
    private final ObjectMapper json;
    private final Clock clock;

    AnalysisRunner(AnalysisRuns runs, MetricProviders providers, WaveEngine engine, TransactionOperations tx,
            ObjectMapper json, Clock clock) {
        this.runs = runs;
        this.providers = providers;
        this.engine = engine;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = 1000)
    void measureDue() {
        List<AnalysisRuns.Due> due;
        try {
            due = tx.execute(status -> runs.claimDue(clock.instant(), CLAIM_LIMIT));
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            log.warn("Cannot claim due analysis rounds: {}", root.toString());
            return;
        }
        for (AnalysisRuns.Due run : due) {
            try {
                measure(run);
            } catch (RuntimeException e) {
                log.warn("campaign {}: analysis round of wave {} failed; measured again next interval: {}",
                        run.campaignId(), run.wave(), e.toString());
            }
        }
    }

    private void measure(AnalysisRuns.Due run) {
        AnalysisSpec spec = json.readValue(run.analysis(), AnalysisSpec.class);
        QueryVariables variables = QueryVariables.of(runs, run);
        int round = run.rounds() + 1;
        List<AnalysisRuns.Row> rows = new ArrayList<>();
        for (AnalysisSpec.Metric metric : spec.metrics()) {
            if (metric.scopeOrDefault() == AnalysisSpec.Scope.CLUSTER) {
                variables.clusters().forEach(cluster -> rows.add(judge(round, metric, spec,
                        variables.expand(metric.query(), cluster), cluster)));
            } else {
                rows.add(judge(round, metric, spec, variables.expand(metric.query(), null), null));
            }
        }
        // a CLUSTER-scoped failure fails its cluster (AnalysisGates), not the wave
        int failures = run.failures() + (int) rows.stream()
                .filter(r -> r.cluster() == null && r.verdict().equals("FAILED")).count();
        int inconclusive = run.inconclusive()
                + (int) rows.stream().filter(r -> r.verdict().equals("INCONCLUSIVE")).count();
        String verdict = verdict(spec, round, run.passAtRound(), failures, inconclusive);
        String message = message(verdict, rows, round, failures, inconclusive, spec);
        boolean recorded = Boolean.TRUE.equals(tx.execute(status -> runs.record(run, rows, failures, inconclusive,
                verdict, message, clock.instant())));
        if (recorded) {
            log.info("campaign {}: wave {} analysis round {}: {}{}", run.campaignId(), run.wave(), round,
                    verdict.toLowerCase(Locale.ROOT), message == null ? "" : " (" + message + ")");
            engine.wake(run.campaignId());
        }
    }

    private AnalysisRuns.Row judge(int round, AnalysisSpec.Metric metric, AnalysisSpec spec, String query,
            String cluster) {
        Instant at = clock.instant();
        Measurement measured = providers.get(spec.provider())
                .map(p -> p.query(query))
                .orElseGet(() -> new Measurement.Unavailable("provider " + spec.provider() + " is not configured"));
        if (measured instanceof Measurement.Value v) {
            boolean fails = metric.fails(v.value());
            return new AnalysisRuns.Row(round, metric.name(), cluster, at, v.value(), fails ? "FAILED" : "SUCCESSFUL",
                    "result " + v.value() + (fails ? " fails " : " meets ") + metric.condition());
        }
        String why = measured instanceof Measurement.NoData n ? n.why() : ((Measurement.Unavailable) measured).why();
        return new AnalysisRuns.Row(round, metric.name(), cluster, at, null, "INCONCLUSIVE", why);
    }

    static String verdict(AnalysisSpec spec, int round, int passAtRound, int failures, int inconclusive) {
        if (failures > spec.failuresTolerated()) {
            return "FAILED";
        }
        if (inconclusive > spec.inconclusiveTolerated()) {
            return "INCONCLUSIVE";
        }
        return round >= passAtRound ? "PASSED" : AnalysisRuns.RUNNING;
    }

    private static String message(String verdict, List<AnalysisRuns.Row> rows, int round, int failures,
            int inconclusive, AnalysisSpec spec) {
        String tally = round + " rounds, " + failures + " failed (" + spec.failuresTolerated() + " tolerated), "
                + inconclusive + " inconclusive (" + spec.inconclusiveTolerated() + " tolerated)";
        String worst = rows.stream().filter(r -> !r.verdict().equals("SUCCESSFUL"))
                .filter(r -> r.cluster() == null || verdict.equals("INCONCLUSIVE")).findFirst()
                .map(r -> r.metric() + (r.cluster() == null ? "" : "@" + r.cluster()) + ": " + r.message())
                .orElse(null);
        return switch (verdict) {
            case "FAILED", "INCONCLUSIVE" -> (worst == null ? "" : worst + "; ") + tally;
            case "PASSED" -> tally;
            default -> null;
        };
    }
}
