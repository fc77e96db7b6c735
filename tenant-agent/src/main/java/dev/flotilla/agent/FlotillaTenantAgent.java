package dev.flotilla.agent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The tenant agent: registers its cluster, long-polls its work and converges the cluster on it. The demo, the
 * benchmark and the simulated clusters are not here: they live in the {@code fleet-sim} module.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FlotillaTenantAgent {

    public static void main(String[] args) {
        SpringApplication.run(FlotillaTenantAgent.class, args);
    }
}
