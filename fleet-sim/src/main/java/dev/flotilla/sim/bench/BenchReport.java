package dev.flotilla.sim.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The Markdown fragment of one fleet size: figures beside their targets, written even when a phase failed. */
final class BenchReport {

    private static final double MIB = 1024 * 1024;

    private final BenchOptions options;
    private final List<String> lines = new ArrayList<>();
    /** The figures of {@code fleet-<n>.json}: the goals' keys first, then the details. */
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<Map<String, Object>> rollouts = new ArrayList<>();

    /** CPU readings around a rollout: the meta-controller(s), the simulator (this JVM) and PostgreSQL. */
    record Cpu(ProcessMeter.Reading meta0, ProcessMeter.Reading meta1, ProcessMeter.Reading self0,
            ProcessMeter.Reading self1, ProcessMeter.Reading pg0, ProcessMeter.Reading pg1) {
        double metaSeconds() {
            return meta1.cpuSeconds() - meta0.cpuSeconds();
        }

        double selfSeconds() {
            return self1.cpuSeconds() - self0.cpuSeconds();
        }

        double pgSeconds() {
            return pg1.cpuSeconds() - pg0.cpuSeconds();
        }

        /** The simulator's CPU spent by its JIT compiler threads. */
        double selfJitSeconds() {
            return Math.max(0, self1.jitCpuSeconds() - self0.jitCpuSeconds());
        }

        /** The meta-controller's CPU spent by its JIT compiler threads (code the rollout ran the first time). */
        double metaJitSeconds() {
            return Math.max(0, meta1.jitCpuSeconds() - meta0.jitCpuSeconds());
        }
    }

    BenchReport(BenchOptions options) {
        this.options = options;
        String title = String.format("%,d", options.clusters()) + " clusters"
                + (options.replicas() > 1 ? ", " + options.replicas() + " meta-controller replicas" : "");
        lines.add("### " + title + " (" + LocalDate.now() + ")");
        lines.add("");
        for (String key : List.of("clusters", "replicas", "connectSeconds", "idleMetaCores", "idleMetaRssMiB",
                "rolloutSeconds", "dispatchP50Ms", "dispatchP99Ms", "reportsPerSecond", "noopRequestsPerSecond",
                "reportsToNoopRatio", "saturatedReportsPerSecond", "saturatedReportsToNoopRatio",
                "metaCpuMicrosPerReport", "metaCpuMicrosPerItem", "metaCpuMicrosPerReportNetOfIdle", "portalP99Ms",
                "pgbenchTps")) {
            figures.put(key, null);
        }
        figures.put("clusters", options.clusters());
        figures.put("replicas", options.replicas());
        figures.put("pgbenchTps", options.pgbenchTps() > 0 ? options.pgbenchTps() : null);
        figures.put("date", LocalDate.now().toString());
        figures.put("loadAverageAtStart", loadAverage());
    }

    /** The machine and the meta-controller's settings, and where the agents call. */
    void machine(List<java.net.URI> agentHubs) {
        figures.put("cpus", Runtime.getRuntime().availableProcessors());
        figures.put("metaHeap", options.metaHeap());
        figures.put("metaJvmOptions", options.metaJvm());
        figures.put("metaJava", metaJavaVersion());
        figures.put("metaArgs", options.metaArgs());
        figures.put("agentHubs", agentHubs.stream().map(Object::toString).toList());
        figures.put("simulatorNice", Background.nice());
        figures.put("simulatorJava", Runtime.version().toString());
        figures.put("simulatorAotCache", aotCache(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        lines.add("- machine at the start: load average " + loadAverage() + " (" + figures.get("cpus")
                + " CPUs, shared with other work); meta-controller on Java " + figures.get("metaJava") + ", -Xmx"
                + options.metaHeap()
                + (options.metaJvm().isBlank() ? "" : " " + options.metaJvm())
                + (options.metaArgs().isBlank() ? "" : ", " + options.metaArgs())
                + "; agents call " + agentHubs + "; the simulator on Java " + figures.get("simulatorJava")
                + (figures.get("simulatorAotCache") == null ? "" : " (" + figures.get("simulatorAotCache") + ")")
                + (Background.nice() > 0 ? "; the simulator's threads at nice " + Background.nice()
                        + " (the meta-controller, PostgreSQL and the portal probe at their own)" : ""));
    }

    /**
     * Whether the simulator's JVM started from an ahead-of-time cache of an earlier run (its classes loaded and
     * linked, its methods' profiles: bench/run.sh's {@code SIM_AOT}) or writes one at its exit; null for neither.
     */
    static String aotCache(List<String> jvmArguments) {
        for (String argument : jvmArguments) {
            if (argument.startsWith("-XX:AOTCache=")) {
                return "AOT cache " + argument.substring("-XX:AOTCache=".length());
            }
            if (argument.startsWith("-XX:AOTCacheOutput=")) {
                return "training the AOT cache " + argument.substring("-XX:AOTCacheOutput=".length());
            }
        }
        return null;
    }

    /** The meta-controller's Java runtime version, as its launcher tells it. */
    private String metaJavaVersion() {
        try {
            Process process = new ProcessBuilder(options.metaJavaLauncher(), "-XshowSettings:properties", "-version")
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            process.waitFor();
            return out.lines().map(String::trim).filter(l -> l.startsWith("java.runtime.version = "))
                    .map(l -> l.substring("java.runtime.version = ".length())).findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static double round(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    void created(int clusters) {
        lines.add("- " + clusters + " clusters created through `POST /api/v1/clusters` (32 in flight)");
    }

    void connect(double seconds, Duration spread) {
        figures.put("connectSeconds", round(seconds, 1));
        lines.add(String.format("- **connect**: every agent registered and READY %.1f s after the first agent "
                + "started (agents started evenly over %d s) | target 60 s at 10,000", seconds, spread.toSeconds()));
        System.out.println(lines.get(lines.size() - 1));
    }

    void idle(double seconds, double metaCores, long metaRss, long metaRssAtReady, double pgCores, long pgRss,
            long pgPss, double simCores, long simRss, double commitsPerSecond) {
        figures.put("idleMetaCores", round(metaCores, 3));
        figures.put("idleMetaRssMiB", Math.round(metaRss / MIB));
        figures.put("readyMetaRssMiB", Math.round(metaRssAtReady / MIB));
        figures.put("idleSimCores", round(simCores, 3));
        figures.put("idleSimRssMiB", Math.round(simRss / MIB));
        figures.put("idlePgCores", round(pgCores, 3));
        figures.put("idlePgCommitsPerSecond", round(commitsPerSecond, 1));
        lines.add(String.format("- **idle** (%.0f s of long-polling, from %d s after the fleet was READY): "
                + "meta-controller %.3f cores, RSS max %.0f MiB (-Xmx" + options.metaHeap() + "; %.0f MiB when the "
                + "fleet was READY) | target < 0.25 core, < 1 GiB; PostgreSQL (postmaster and every backend) %.3f "
                + "cores, RSS sum max %.0f MiB (PSS %.0f MiB: shared buffers counted once), %.1f commits/s; "
                + "the simulator itself %.3f cores, RSS %.0f MiB", seconds, FleetBench.IDLE_SETTLE_SECONDS,
                metaCores, metaRss / MIB, metaRssAtReady / MIB, pgCores, pgRss / MIB, pgPss / MIB, commitsPerSecond,
                simCores, simRss / MIB));
        System.out.println(lines.get(lines.size() - 1));
    }

    /** With several replicas: the busiest replica's idle CPU and the largest one's RSS (the figures above sum them). */
    void idlePerReplica(double cores, long rss) {
        figures.put("idleMetaCoresPerReplica", round(cores, 3));
        figures.put("idleMetaRssMiBPerReplica", Math.round(rss / MIB));
        lines.add(String.format("- **idle, per replica** (the figures above are the sum of the %d meta-controller "
                + "processes): the busiest %.3f cores, the largest RSS max %.0f MiB | target < 0.25 core, < 1 GiB "
                + "per meta-controller", options.replicas(), cores, rss / MIB));
        System.out.println(lines.get(lines.size() - 1));
    }

    /** The no-op ceiling: requests per second, and the meta-controller's CPU per request. */
    void noop(NoopCeiling.Result noop, ProcessMeter.Reading meta0, ProcessMeter.Reading meta1,
            ProcessMeter.Reading self0, ProcessMeter.Reading self1) {
        double metaMicros = (meta1.cpuSeconds() - meta0.cpuSeconds()) * 1e6 / Math.max(1, noop.answered());
        figures.put("noopRequestsPerSecond", round(noop.perSecond(), 0));
        reportsToNoop();
        figures.put("noopFailed", noop.failed());
        figures.put("noopLate", noop.late());
        figures.put("noopDrainSeconds", round(noop.drainSeconds(), 1));
        figures.put("noopConcurrency", noop.concurrency());
        figures.put("noopMetaCpuMicrosPerRequest", round(metaMicros, 0));
        figures.put("noopMetaCores", round(meta1.coresSince(meta0), 2));
        figures.put("noopMetaJitCpuSeconds", round(Math.max(0, meta1.jitCpuSeconds() - meta0.jitCpuSeconds()), 2));
        figures.put("noopSimCores", round(self1.coresSince(self0), 2));
        lines.add(String.format("- **no-op ceiling** (`GET /agent/v1/ping`, 204 with the agent's token, no database; "
                + "the agents' HTTP client, %d agents with one request in flight each, %.0f s): %.0f requests/s, "
                + "%d failed; %s; meta-controller %.2f cores = %.0f CPU-µs per request; the simulator %.2f cores",
                noop.concurrency(), noop.seconds(), noop.perSecond(), noop.failed(), afterWindow(noop),
                meta1.coresSince(meta0), metaMicros, self1.coresSince(self0)));
        System.out.println(lines.get(lines.size() - 1));
    }

    /** The answers a closed loop had after its window, which its rate does not count. */
    private static String afterWindow(NoopCeiling.Result result) {
        return String.format("%d answered after the window (the last %.1f s after it), not counted in the rate; "
                + "the CPU per request counts them", result.late(), result.drainSeconds());
    }

    /** The rollouts' reports per second against the no-op ceiling, once both are known (in either order). */
    private void reportsToNoop() {
        if (figures.get("noopRequestsPerSecond") instanceof Number noop && noop.doubleValue() > 0
                && figures.get("reportsPerSecond") instanceof Number reports) {
            figures.put("reportsToNoopRatio", round(reports.doubleValue() / noop.doubleValue(), 2));
        }
    }

    /** The status-report ceiling ({@link ReportCeiling}), compared with the no-op ceiling. */
    void reportCeiling(NoopCeiling.Result reports, ProcessMeter.Reading meta0, ProcessMeter.Reading meta1,
            ProcessMeter.Reading self0, ProcessMeter.Reading self1, long statements) {
        double metaMicros = (meta1.cpuSeconds() - meta0.cpuSeconds()) * 1e6 / Math.max(1, reports.answered());
        figures.put("saturatedReportsPerSecond", round(reports.perSecond(), 0));
        figures.put("saturatedReportsFailed", reports.failed());
        figures.put("saturatedReportsLate", reports.late());
        figures.put("saturatedReportsDrainSeconds", round(reports.drainSeconds(), 1));
        figures.put("saturatedReportsMetaCpuMicros", round(metaMicros, 0));
        figures.put("saturatedReportsMetaCores", round(meta1.coresSince(meta0), 2));
        figures.put("saturatedReportsMetaJitCpuSeconds", round(Math.max(0, meta1.jitCpuSeconds()
                - meta0.jitCpuSeconds()), 2));
        figures.put("saturatedReportsStatementsPerReport", round(statements / (double) Math.max(1,
                reports.answered()), 2));
        double ratio = figures.get("noopRequestsPerSecond") instanceof Number noop && noop.doubleValue() > 0
                ? reports.perSecond() / noop.doubleValue() : Double.NaN;
        if (!Double.isNaN(ratio)) {
            figures.put("saturatedReportsToNoopRatio", round(ratio, 2));
        }
        lines.add(String.format("- **status reports at saturation** (`POST /agent/v1/status`, one report on the agent's "
                + "work item with a new sequence number each time, the whole report path but no target changing any "
                + "more; the no-op ceiling's client, %d agents with one request in flight each, %.0f s): %.0f "
                + "reports/s, %d failed = %.2f of the no-op ceiling | target 0.5; %s; meta-controller %.2f cores = "
                + "%.0f CPU-µs per report, %.2f statements per report; the simulator %.2f cores",
                reports.concurrency(), reports.seconds(), reports.perSecond(), reports.failed(), ratio,
                afterWindow(reports),
                meta1.coresSince(meta0), metaMicros, statements / (double) Math.max(1, reports.answered()),
                self1.coresSince(self0)));
        System.out.println(lines.get(lines.size() - 1));
    }

    void rollout(String which, RolloutRun.Result r, int clusters, Cpu cpu) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("which", which);
        f.put("state", r.state());
        f.put("createToEndSeconds", round(r.createToEndSeconds(), 1));
        f.put("startToEndSeconds", round(r.startToEndSeconds(), 1));
        f.put("dispatchP50Ms", round(r.dispatch().percentile(50), 0));
        f.put("dispatchP99Ms", round(r.dispatch().percentile(99), 0));
        f.put("dispatchMaxMs", round(r.dispatch().max(), 0));
        f.put("dispatched", r.dispatch().count());
        if (r.engine() != null) {
            f.put("engineDispatchP50Ms", round(r.engine().p50Ms(), 0));
            f.put("engineDispatchP99Ms", round(r.engine().p99Ms(), 0));
            f.put("engineDispatchPasses", r.engine().passes());
        }
        f.put("simQueueWaitP50Ms", round(r.queueWait().percentile(50), 1));
        f.put("simQueueWaitP99Ms", round(r.queueWait().percentile(99), 1));
        f.put("simQueueWaitMaxMs", round(r.queueWait().max(), 1));
        f.put("metaWorkAnswersP50Ms", round(r.workAnswers().p50Ms(), 0));
        f.put("metaWorkAnswersP99Ms", round(r.workAnswers().p99Ms(), 0));
        f.put("metaWorkAnswersAllMs", round(r.workAnswers().allMs(), 0));
        f.put("metaWorkAnswers", r.workAnswers().answered());
        f.put("agentPollTimeouts", r.pollTimeouts());
        f.put("reports", r.reports());
        f.put("reportsPerSecond", round(r.reports() / r.startToEndSeconds(), 0));
        f.put("metaCpuSeconds", round(cpu.metaSeconds(), 2));
        f.put("metaCpuMicrosPerReport", round(cpu.metaSeconds() * 1e6 / Math.max(1, r.reports()), 0));
        f.put("metaCpuMicrosPerItem", round(cpu.metaSeconds() * 1e6 / Math.max(1, r.dispatch().count()), 0));
        f.put("metaCores", round(cpu.meta1().coresSince(cpu.meta0()), 2));
        // a fresh JVM compiles the code a first rollout runs while it runs: the compiler threads' part apart
        f.put("metaJitCpuSeconds", round(cpu.metaJitSeconds(), 2));
        double netOfJit = (cpu.metaSeconds() - cpu.metaJitSeconds()) * 1e6 / Math.max(1, r.reports());
        f.put("metaCpuMicrosPerReportNetOfJit", round(netOfJit, 0));
        // the same CPU less what the meta-controller spends idle (parked polls, sweeps) over as long: on a loaded
        // machine a slow rollout otherwise charges minutes of idle polling to its few reports
        double idle = figures.get("idleMetaCores") instanceof Number n ? n.doubleValue() : 0;
        double net = Math.max(0, cpu.metaSeconds() - idle * (cpu.meta1().nanos() - cpu.meta0().nanos()) / 1e9);
        f.put("metaCpuMicrosPerReportNetOfIdle", round(net * 1e6 / Math.max(1, r.reports()), 0));
        f.put("metaCpuMicrosPerItemNetOfIdle", round(net * 1e6 / Math.max(1, r.dispatch().count()), 0));
        f.put("simCpuSeconds", round(cpu.selfSeconds(), 2));
        f.put("simCores", round(cpu.self1().coresSince(cpu.self0()), 2));
        f.put("simJitCpuSeconds", round(cpu.selfJitSeconds(), 2));
        f.put("pgCpuSeconds", round(cpu.pgSeconds(), 2));
        f.put("pgCores", round(cpu.pg1().coresSince(cpu.pg0()), 2));
        f.put("commits", r.commits());
        f.put("portalSelectorP50Ms", round(r.clusterPage().percentile(50), 1));
        f.put("portalSelectorP99Ms", round(r.clusterPage().percentile(99), 1));
        f.put("portalRolloutP50Ms", round(r.rolloutStatus().percentile(50), 1));
        f.put("portalRolloutP99Ms", round(r.rolloutStatus().percentile(99), 1));
        f.put("portalCalls", r.clusterPage().count() + r.rolloutStatus().count());
        f.put("portalSelectorMeanMs", round(r.clusterPage().mean(), 1));
        f.put("portalSelectorMaxMs", round(r.clusterPage().max(), 1));
        f.put("portalSelectorServerCalls", r.clusterPageServer().calls());
        f.put("portalSelectorServerMeanMs", round(r.clusterPageServer().meanMs(), 1));
        f.put("portalSelectorServerMaxMs", round(r.clusterPageServer().maxMs(), 1));
        f.put("mainPoolAcquires", r.mainPoolAcquire().calls());
        f.put("mainPoolAcquireMeanMs", round(r.mainPoolAcquire().meanMs(), 2));
        f.put("mainPoolAcquireMaxMs", round(r.mainPoolAcquire().maxMs(), 1));
        f.put("portalFailedCalls", r.probeFailures());
        f.put("loadAverageAfter", loadAverage());
        rollouts.add(f);
        worst("rolloutSeconds", r.createToEndSeconds(), true);
        worst("dispatchP50Ms", r.dispatch().percentile(50), true);
        worst("dispatchP99Ms", r.dispatch().percentile(99), true);
        worst("reportsPerSecond", r.reports() / r.startToEndSeconds(), false);
        worst("metaCpuMicrosPerReport", cpu.metaSeconds() * 1e6 / Math.max(1, r.reports()), true);
        worst("metaCpuMicrosPerItem", cpu.metaSeconds() * 1e6 / Math.max(1, r.dispatch().count()), true);
        worst("metaCpuMicrosPerReportNetOfIdle", net * 1e6 / Math.max(1, r.reports()), true);
        worst("metaCpuMicrosPerReportNetOfJit", netOfJit, true);
        worst("portalP99Ms", Math.max(r.clusterPage().percentile(99), r.rolloutStatus().percentile(99)), true);
        reportsToNoop();
        lines.add(String.format("- **CPU during the rollout**: meta-controller %.1f s (%.2f cores) = %.0f CPU-µs per "
                + "status report, %.0f CPU-µs per dispatched item (less the idle load over as long: %.0f and %.0f; of "
                + "the %.1f s, %.1f s in the JIT compiler's threads); the simulator %.1f s (%.2f cores; %.1f s JIT); "
                + "PostgreSQL "
                + "%.1f s (%.2f cores); load average after %s", cpu.metaSeconds(), cpu.meta1().coresSince(cpu.meta0()),
                cpu.metaSeconds() * 1e6 / Math.max(1, r.reports()),
                cpu.metaSeconds() * 1e6 / Math.max(1, r.dispatch().count()), net * 1e6 / Math.max(1, r.reports()),
                net * 1e6 / Math.max(1, r.dispatch().count()), cpu.metaSeconds(), cpu.metaJitSeconds(),
                cpu.selfSeconds(),
                cpu.self1().coresSince(cpu.self0()), cpu.selfJitSeconds(), cpu.pgSeconds(),
                cpu.pg1().coresSince(cpu.pg0()),
                loadAverage()));
        System.out.println(lines.get(lines.size() - 1));
        rolloutLines(which, r, clusters);
    }

    /** Keeps the worse of the rollouts' figures (the larger time, the smaller rate) as the headline. */
    private void worst(String key, double value, boolean larger) {
        Object old = figures.get(key);
        if (Double.isNaN(value)) {
            return;
        }
        double v = round(value, key.endsWith("Ms") || key.startsWith("metaCpu") || key.equals("reportsPerSecond")
                ? 0 : 1);
        if (!(old instanceof Number n) || (larger ? v > n.doubleValue() : v < n.doubleValue())) {
            figures.put(key, v);
        }
    }

    private void rolloutLines(String which, RolloutRun.Result r, int clusters) {
        lines.add(String.format("- **rollout, %s** (one wave, every cluster, unlimited concurrency, zero "
                + "in-cluster time): %s, %.1f s from create to the end as the client saw it (%.1f s startedAt to "
                + "finishedAt)%s | target 30 s", which, r.state(), r.createToEndSeconds(), r.startToEndSeconds(),
                r.state().equals("SUCCEEDED") ? "" : "; aborted at the time limit with " + r.view().path("counts")));
        lines.add(String.format("- **dispatch latency** (rollout start to the agent applying its work, %d of %d "
                + "agents): p50 %.0f ms, p99 %.0f ms, max %.0f ms | target p99 < 5 s", r.dispatch().count(),
                clusters, r.dispatch().percentile(50), r.dispatch().percentile(99), r.dispatch().max())
                + (r.engine() == null ? "" : String.format("; of that the engine's part (rollout start to the "
                + "target's TARGET_DISPATCHED event, %d passes): p50 %.0f ms, p99 %.0f ms, max %.0f ms",
                r.engine().passes(), r.engine().p50Ms(), r.engine().p99Ms(), r.engine().maxMs()))
                + String.format("; a task handed to the simulated agents' executor (their HTTP clients' steps and "
                + "callbacks) waited p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d samples, one every %d ms)",
                r.queueWait().percentile(50), r.queueWait().percentile(99), r.queueWait().max(),
                r.queueWait().count(), QueueProbe.EVERY_MILLIS)
                + String.format("; the meta-controller's polls answered with work (its own counter, read every %d "
                + "ms) reached half the clusters %.0f ms, 99%% %.0f ms and all %.0f ms after the start (%d answers "
                + "in all); %d agents' polls timed out at their HTTP client, answered but not read in time",
                WorkAnswerSampler.EVERY_MILLIS, r.workAnswers().p50Ms(), r.workAnswers().p99Ms(),
                r.workAnswers().allMs(), r.workAnswers().answered(), r.pollTimeouts()));
        lines.add(String.format("- **status reports absorbed**: %d reports in %.1f s = %.0f reports/s; PostgreSQL "
                + "commits during the rollout %d = %.0f commits/s", r.reports(), r.startToEndSeconds(),
                r.reports() / r.startToEndSeconds(), r.commits(), r.commits() / r.createToEndSeconds()));
        lines.add(String.format("- **portal during the rollout** (a round of both every "
                + RolloutRun.PROBE_EVERY_MILLIS + " ms, from a client JVM of its own, open " + options.portalLeadSeconds()
                + " s before the rollout with its calls until then uncounted): "
                + "`GET /api/v1/clusters?selector=env=prod,tier=...&limit=100` p50 %.1f ms, p99 %.1f ms (%d calls); `GET /api/v1/rollouts/{id}` p50 %.1f ms, "
                + "p99 %.1f ms (%d calls); %d calls failed | target p99 < 100 ms", r.clusterPage().percentile(50),
                r.clusterPage().percentile(99), r.clusterPage().count(), r.rolloutStatus().percentile(50),
                r.rolloutStatus().percentile(99), r.rolloutStatus().count(), r.probeFailures()));
        lines.add(String.format("- **the selector page as the service timed it** (its `http.server.requests` timer, "
                + "from the observation filter ahead of Spring Security to the response's end; the probe's calls): "
                + "%d calls, mean %.1f ms, max %.1f ms (the largest the timer holds, over about its last two minutes); "
                + "as the probe timed it: mean %.1f ms, max %.1f ms; of the service's time, the wait for a connection "
                + "of the portal's and the engines' pool (`hikaricp.connections.acquire`, pool `flotilla`, every "
                + "caller): %d acquires, mean %.2f ms, max %.1f ms", r.clusterPageServer().calls(),
                r.clusterPageServer().meanMs(), r.clusterPageServer().maxMs(), r.clusterPage().mean(),
                r.clusterPage().max(), r.mainPoolAcquire().calls(), r.mainPoolAcquire().meanMs(),
                r.mainPoolAcquire().maxMs()));
        lines.subList(lines.size() - 5, lines.size()).forEach(System.out::println);
        lines.add("- PostgreSQL during the rollout, " + r.activity().lines().findFirst().orElse("") + "");
        lines.add("");
        lines.add("```");
        r.activity().lines().skip(1).forEach(lines::add);
        lines.add("```");
    }

    /** Statements PostgreSQL ran during the rollouts (calls and milliseconds), and per status report. */
    void statementTotals(String line) {
        String[] f = line.strip().split("\\|");
        if (f.length < 2 || f[0].isBlank()) {
            return;
        }
        long calls = Long.parseLong(f[0].strip());
        long reports = rollouts.stream().mapToLong(r -> ((Number) r.get("reports")).longValue()).sum();
        figures.put("rolloutStatements", calls);
        figures.put("rolloutStatementMillis", Long.parseLong(f[1].strip()));
        figures.put("statementsPerReport", round((double) calls / Math.max(1, reports), 2));
        lines.add(String.format("- statements during the rollouts (pg_stat_statements): %d calls, %s ms, %.2f per "
                + "status report", calls, f[1].strip(), (double) calls / Math.max(1, reports)));
        System.out.println(lines.get(lines.size() - 1));
    }

    /**
     * A table's row updates during the rollouts (the cluster table: heartbeats; wave_target: the targets' reports) and
     * the share of them PostgreSQL made HOT: a HOT update adds no entry to any of the table's indexes.
     */
    void rowUpdates(String table, long[] before, long[] after) {
        long updates = after[0] - before[0];
        long hot = after[1] - before[1];
        String key = "cluster".equals(table) ? "Cluster" : "Target";
        figures.put("rollout" + key + "RowUpdates", updates);
        figures.put("rollout" + key + "HotUpdates", hot);
        lines.add(String.format("- %s table during the rollouts (pg_stat_user_tables): %d row updates, %d of them HOT "
                + "(%.0f%%: no new index entry)", table, updates, hot, 100.0 * hot / Math.max(1, updates)));
        System.out.println(lines.get(lines.size() - 1));
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
        figures.put("failed", e.toString());
    }

    void write() {
        try {
            Files.createDirectories(options.out().toAbsolutePath().getParent());
            Files.write(options.out(), lines);
            figures.put("loadAverageAtEnd", loadAverage());
            figures.put("rollouts", rollouts);
            Files.writeString(options.json(), JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(figures) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
