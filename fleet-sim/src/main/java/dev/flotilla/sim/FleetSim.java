package dev.flotilla.sim;

import dev.flotilla.sim.bench.FleetBench;
import dev.flotilla.sim.fleet.FleetDemo;
import java.util.Arrays;

/**
 * The fleet simulator's runnable jar ({@code fleet-sim/target/flotilla-fleet-sim.jar}): {@code demo} (the
 * meta-controller and a simulated fleet), {@code bench} (the scale benchmark driver of {@code bench/run.sh}) and
 * {@code agent} (one real tenant agent on one simulated cluster, against a meta-controller of your own), and
 * {@code probe} (the benchmark's portal client, a process of its own). None of it is in the production agent jar.
 */
public final class FleetSim {

    private static final String USAGE = "usage: java -jar flotilla-fleet-sim.jar demo|bench|agent|probe [--option=value ...]";

    private FleetSim() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println(USAGE);
            System.exit(1);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "demo" -> FleetDemo.main(rest);
            case "bench" -> FleetBench.main(rest);
            case "agent" -> SimulatedAgentMain.main(rest);
            case "probe" -> dev.flotilla.sim.bench.PortalProbe.main(rest);
            default -> {
                System.err.println("unknown mode '" + args[0] + "'; " + USAGE);
                System.exit(1);
            }
        }
    }
}
