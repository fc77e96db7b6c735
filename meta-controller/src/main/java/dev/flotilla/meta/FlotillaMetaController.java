package dev.flotilla.meta;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The meta-controller: fleet inventory, rollouts and the agent gateway in one Spring Boot service. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class FlotillaMetaController {

    public static void main(String[] args) {
        SpringApplication.run(FlotillaMetaController.class, args);
    }
}
