package dev.flotilla.sim.bench;

import dev.flotilla.sim.fleet.MetaControllerProcess;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The benchmark's options ({@code --key=value}).
 *
 * @param clusters fleet size
 * @param port the meta-controller's port
 * @param jdbcUrl the PostgreSQL database the meta-controller uses (user postgres, trust authentication)
 * @param pgPort and {@code psql}: how the benchmark reads PostgreSQL's statistics
 * @param postmasterPid PostgreSQL's postmaster: it and its children are metered
 * @param idleSeconds how long idle long-polling is metered
 * @param rolloutLimitSeconds a rollout still running after this long is aborted and reported as such
 * @param modelClusters fleet size of the in-place versus recreate comparison (0 skips it)
 * @param metaHeap the meta-controller's maximum heap ({@code -Xmx})
 * @param out the report fragment to write (the JSON figures go beside it, {@code .json} for {@code .md})
 * @param replicas meta-controller processes on the one database; the agents are split evenly between them
 * @param metaJvm further JVM options of the meta-controller, space separated (e.g. a flight recording)
 * @param metaArgs further {@code --key=value} settings of the meta-controller, space separated
 * @param noopSeconds how long the no-op ceiling is measured (0 skips it)
 * @param pgbenchTps the pgbench ceiling measured on the same server before, recorded in the JSON (0: unknown)
 * @param agentPort the meta-controller's agent port ({@code flotilla.agent.port}); 0: agents call {@code port}
 * @param rollouts 2: a first rollout on the fresh database, and a second one once autovacuum analyzed the new
 *        targets (a minute later); 1: the first only
 * @param jfrDir where flight recordings of the first replica's idle phase and first rollout go (blank: none)
 * @param metaJava the Java launcher the meta-controller runs on (blank: this JVM's)
 * @param simulatorNice the nice value the simulator's own threads run at (0: as started); the meta-controller and
 *        the portal probe keep the nice the benchmark was started with ({@link Background})
 * @param portalLeadSeconds how long the portal probe asks for pages before each rollout is created, uncounted: a
 *        dashboard open before the rollout (0: it starts with the rollout, on a portal path nothing ran before)
 */
record BenchOptions(int clusters, int port, String jdbcUrl, int pgPort, String psql, long postmasterPid,
        int idleSeconds, int rolloutLimitSeconds, int modelClusters, Path metaControllerJar, String metaHeap, Path out,
        int replicas, String metaJvm, String metaArgs, int noopSeconds, double pgbenchTps, int agentPort,
        String jfrDir, int rollouts, String metaJava, int simulatorNice, int portalLeadSeconds) {

    static BenchOptions parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("unknown argument '" + arg + "' (use --key=value)");
            }
            given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        int clusters = Integer.parseInt(given.getOrDefault("clusters", "1000"));
        return new BenchOptions(clusters,
                Integer.parseInt(given.getOrDefault("port", "18090")),
                required(given, "jdbc-url"),
                Integer.parseInt(given.getOrDefault("pg-port", "55432")),
                given.getOrDefault("psql", "/usr/lib/postgresql/15/bin/psql"),
                Long.parseLong(required(given, "postmaster-pid")),
                Integer.parseInt(given.getOrDefault("idle-seconds", "120")),
                Integer.parseInt(given.getOrDefault("rollout-limit-seconds", "300")),
                Integer.parseInt(given.getOrDefault("model-clusters", String.valueOf(Math.min(clusters, 1000)))),
                given.containsKey("meta-controller-jar") ? Path.of(given.get("meta-controller-jar"))
                        : MetaControllerProcess.defaultJar(),
                given.getOrDefault("meta-heap", "2g"),
                Path.of(given.getOrDefault("out", "bench/results/fleet-" + clusters + ".md")),
                Integer.parseInt(given.getOrDefault("replicas", "1")),
                given.getOrDefault("meta-jvm", ""),
                given.getOrDefault("meta-args", ""),
                Integer.parseInt(given.getOrDefault("noop-seconds", "10")),
                Double.parseDouble(given.getOrDefault("pgbench-tps", "0")),
                Integer.parseInt(given.getOrDefault("agent-port", "0")),
                given.getOrDefault("jfr-dir", ""),
                Integer.parseInt(given.getOrDefault("rollouts", "2")),
                given.getOrDefault("meta-java", ""),
                Integer.parseInt(given.getOrDefault("simulator-nice", "0")),
                Integer.parseInt(given.getOrDefault("portal-lead-seconds", "10")));
    }

    private static String required(Map<String, String> given, String key) {
        String value = given.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return value;
    }

    /** The Java launcher the meta-controller runs on: {@link #metaJava}, else this JVM's. */
    String metaJavaLauncher() {
        return metaJava.isBlank() ? Path.of(System.getProperty("java.home"), "bin", "java").toString() : metaJava;
    }

    /** Where the JSON figures go: the report's path with {@code .json} for {@code .md}. */
    Path json() {
        String name = out.getFileName().toString();
        return out.resolveSibling((name.endsWith(".md") ? name.substring(0, name.length() - 3) : name) + ".json");
    }

    String database() {
        return jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
    }
}
