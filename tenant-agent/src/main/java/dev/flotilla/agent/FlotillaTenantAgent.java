package dev.flotilla.agent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The tenant agent: registers its cluster, long-polls its work and converges the cluster on it. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FlotillaTenantAgent {

    public static void main(String[] args) throws Exception {
        // "demo" and "bench" run the fleet simulator instead of one agent (no Spring context needed)
        if (args.length > 0 && "demo".equals(args[0])) {
            dev.flotilla.agent.fleet.FleetDemo.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && "bench".equals(args[0])) {
            dev.flotilla.agent.fleet.bench.FleetBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        SpringApplication.run(FlotillaTenantAgent.class, args);
    }
}
