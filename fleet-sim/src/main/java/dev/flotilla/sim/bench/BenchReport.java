package dev.flotilla.sim.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The Markdown fragment of one fleet size: figures beside their targets, written even when a phase failed. */
final class BenchReport {

    private static final double MIB = 1024 * 1024;

    private final BenchOptions options;
    private final List<String> lines = new ArrayList<>();

    BenchReport(BenchOptions options) {
        this.options = options;
        lines.add("### " + String.format("%,d", options.clusters()) + " clusters (" + LocalDate.now() + ")");
        lines.add("");
    }

    void created(int clusters) {
        lines.add("- " + clusters + " clusters created through `POST /api/v1/clusters` (32 in flight)");
    }

    void connect(double seconds, Duration spread) {
        lines.add(String.format("- **connect**: every agent registered and READY %.1f s after the first agent "
                + "started (agents started evenly over %d s) | target 60 s at 10,000", seconds, spread.toSeconds()));
        System.out.println(lines.get(lines.size() - 1));
    }

    void idle(double seconds, double metaCores, long metaRss, double pgCores, long pgRss, long pgPss,
            double simCores, long simRss, double commitsPerSecond) {
        lines.add(String.format("- **idle** (%.0f s of long-polling): meta-controller %.3f cores, RSS max %.0f MiB "
                + "(-Xmx" + options.metaHeap() + ") | target < 0.25 core, < 1 GiB; PostgreSQL (postmaster and every backend) %.3f "
                + "cores, RSS sum max %.0f MiB (PSS %.0f MiB: shared buffers counted once), %.1f commits/s; "
                + "the simulator itself %.3f cores, RSS %.0f MiB", seconds, metaCores, metaRss / MIB, pgCores,
                pgRss / MIB, pgPss / MIB, commitsPerSecond, simCores, simRss / MIB));
        System.out.println(lines.get(lines.size() - 1));
    }

    void rollout(String which, RolloutRun.Result r, int clusters) {
        lines.add(String.format("- **rollout, %s** (one wave, every cluster, unlimited concurrency, zero "
                + "in-cluster time): %s, %.1f s from create to the end as the client saw it (%.1f s startedAt to "
                + "finishedAt)%s | target 30 s", which, r.state(), r.createToEndSeconds(), r.startToEndSeconds(),
                r.state().equals("SUCCEEDED") ? "" : "; aborted at the time limit with " + r.view().path("counts")));
        lines.add(String.format("- **dispatch latency** (rollout start to the agent applying its work, %d of %d "
                + "agents): p50 %.0f ms, p99 %.0f ms, max %.0f ms | target p99 < 1 s", r.dispatch().count(),
                clusters, r.dispatch().percentile(50), r.dispatch().percentile(99), r.dispatch().max()));
        lines.add(String.format("- **status reports absorbed**: %d reports in %.1f s = %.0f reports/s; PostgreSQL "
                + "commits during the rollout %d = %.0f commits/s", r.reports(), r.startToEndSeconds(),
                r.reports() / r.startToEndSeconds(), r.commits(), r.commits() / r.createToEndSeconds()));
        lines.add(String.format("- **portal during the rollout** (a round of both every "
                + RolloutRun.PROBE_EVERY_MILLIS + " ms): `GET /api/v1/clusters?selector=env=prod,tier=...&"
                + "limit=100` p50 %.1f ms, p99 %.1f ms (%d calls); `GET /api/v1/rollouts/{id}` p50 %.1f ms, "
                + "p99 %.1f ms (%d calls) | target p99 < 50 ms", r.clusterPage().percentile(50),
                r.clusterPage().percentile(99), r.clusterPage().count(), r.rolloutStatus().percentile(50),
                r.rolloutStatus().percentile(99), r.rolloutStatus().count()));
        lines.subList(lines.size() - 4, lines.size()).forEach(System.out::println);
        lines.add("- PostgreSQL during the rollout, " + r.activity().lines().findFirst().orElse("") + "");
        lines.add("");
        lines.add("```");
        r.activity().lines().skip(1).forEach(lines::add);
        lines.add("```");
    }

    void statements(String phase, String top) {
        lines.add("- top statements while " + phase + " (pg_stat_statements: ms total | calls | ms mean | query):");
        lines.add("");
        lines.add("```");
        lines.add(top);
        lines.add("```");
    }

    void model(StrategyComparison.Result m) {
        lines.add(String.format("- **in-place versus recreate** (%d clusters, CloneSet of 6, 3 batches, "
                + "maxUnavailable 2; simulated pods ready %.0f s after an in-place update, %.0f s after a "
                + "recreate, jitter 20%%, time scale %.0fx): ReCreate %.1f s (%s), InPlaceIfPossible %.1f s (%s) "
                + "- a property of the simulator's model, not a measurement of Kruise", m.clusters(),
                StrategyComparison.IN_PLACE, StrategyComparison.RECREATE, StrategyComparison.TIME_SCALE,
                m.recreateSeconds(), m.recreateState(), m.inPlaceSeconds(), m.inPlaceState()));
        System.out.println(lines.get(lines.size() - 1));
    }

    void profile(String what, String summary) {
        lines.add("- " + what + " (jcmd Thread.print samples, RUNNABLE threads outside socket waits): " + summary);
        System.out.println(lines.get(lines.size() - 1));
    }

    void stoppedAgents(java.util.List<String> stopped) {
        if (!stopped.isEmpty()) {
            lines.add("- agents that gave up (their bootstrap or agent token was refused): " + stopped.size()
                    + ", e.g. " + stopped.subList(0, Math.min(5, stopped.size())));
            System.out.println(lines.get(lines.size() - 1));
        }
    }

    void failed(Exception e) {
        lines.add("- **the run stopped**: " + e);
    }

    void write() {
        try {
            Files.createDirectories(options.out().toAbsolutePath().getParent());
            Files.write(options.out(), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
