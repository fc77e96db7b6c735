package dev.flotilla.sim.fleet;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The demo's command-line options ({@code --key=value}), each with a default that needs nothing but a JDK.
 *
 * @param clusters simulated clusters
 * @param port the meta-controller's HTTP port
 * @param dataDir the meta-controller's data directory (embedded PostgreSQL, admin token, log)
 * @param metaControllerJar the runnable meta-controller jar
 * @param timeScale simulated seconds per real second
 */
record DemoOptions(int clusters, int port, Path dataDir, Path metaControllerJar, double timeScale) {

    static DemoOptions parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; options are --clusters=200 "
                        + "--port=8080 --data-dir=./.flotilla-demo --meta-controller-jar=<path> --time-scale=2");
            }
            given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        DemoOptions options = new DemoOptions(
                Integer.parseInt(given.getOrDefault("clusters", "200")),
                Integer.parseInt(given.getOrDefault("port", "8080")),
                Path.of(given.getOrDefault("data-dir", "./.flotilla-demo")),
                given.containsKey("meta-controller-jar") ? Path.of(given.get("meta-controller-jar"))
                        : MetaControllerProcess.defaultJar(),
                Double.parseDouble(given.getOrDefault("time-scale", "2")));
        given.keySet().removeAll(java.util.Set.of("clusters", "port", "data-dir", "meta-controller-jar",
                "time-scale"));
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + given.keySet());
        }
        return options;
    }
}
