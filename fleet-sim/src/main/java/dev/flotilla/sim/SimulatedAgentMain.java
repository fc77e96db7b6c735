package dev.flotilla.sim;

import dev.flotilla.agent.AgentRuntime;
import dev.flotilla.agent.TenantAgent;
import dev.flotilla.agent.hub.FileTokenStore;
import dev.flotilla.sim.backend.SimulatedCluster;
import dev.flotilla.sim.backend.SimulationSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code agent} mode: one tenant agent (the production code) driving one simulated cluster, what the production
 * agent's former {@code flotilla.agent.backend=simulated} did. Options: {@code --url=<meta-controller>} (required),
 * {@code --bootstrap-token=flb_...} or {@code --bootstrap-token-file=<path>}, {@code --name=agent},
 * {@code --token-file=agent-token}, {@code --nodes=3}, {@code --zones=zone-a,zone-b,zone-c}, {@code --time-scale=1}.
 * Exits with code 2 when the agent cannot go on, as the production agent does.
 */
final class SimulatedAgentMain {

    private static final Set<String> OPTIONS = Set.of("url", "bootstrap-token", "bootstrap-token-file", "name",
            "token-file", "nodes", "zones", "time-scale");

    private SimulatedAgentMain() {
    }

    static void main(String[] args) throws Exception {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")
                    || !OPTIONS.contains(arg.substring(2, arg.indexOf('=')))) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; options are " + OPTIONS);
            }
            given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        if (!given.containsKey("url")) {
            throw new IllegalArgumentException("--url=<meta-controller base URL> is required");
        }
        String bootstrap = given.get("bootstrap-token");
        if (bootstrap == null && given.containsKey("bootstrap-token-file")) {
            bootstrap = Files.readString(Path.of(given.get("bootstrap-token-file"))).trim();
        }
        SimulatedCluster cluster = SimulatedCluster.of(Integer.parseInt(given.getOrDefault("nodes", "3")),
                List.of(given.getOrDefault("zones", "zone-a,zone-b,zone-c").split(",")),
                SimulationSettings.defaults().withTimeScale(Double.parseDouble(given.getOrDefault("time-scale", "1"))),
                Clock.systemUTC());
        AgentRuntime runtime = AgentRuntime.create();
        TenantAgent agent = new TenantAgent(runtime,
                TenantAgent.Settings.of(given.getOrDefault("name", "agent"), URI.create(given.get("url")), bootstrap),
                cluster, new FileTokenStore(Path.of(given.getOrDefault("token-file", "agent-token"))),
                Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            runtime.close();
            stopped.countDown();
        }, "flotilla-sim-agent-stop"));
        agent.failure().whenComplete((ok, error) -> {
            if (error != null) {
                System.err.println("tenant agent stopped: " + error.getMessage());
                new Thread(() -> System.exit(2), "flotilla-sim-agent-exit").start();
            }
        });
        agent.start();
        System.out.println("simulated agent started against " + given.get("url"));
        stopped.await();
    }
}
