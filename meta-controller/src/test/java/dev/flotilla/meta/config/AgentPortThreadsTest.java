package dev.flotilla.meta.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The agent port's request threads: two per processor within 4..16 unless {@code flotilla.agent.threads} is set. */
class AgentPortThreadsTest {

    @Test
    void twoPerProcessorAtLeastFourAtMostSixteen() {
        assertThat(FlotillaProperties.Agent.agentThreads(1)).isEqualTo(4);
        assertThat(FlotillaProperties.Agent.agentThreads(2)).isEqualTo(4);
        assertThat(FlotillaProperties.Agent.agentThreads(3)).isEqualTo(6);
        assertThat(FlotillaProperties.Agent.agentThreads(8)).isEqualTo(16);
        assertThat(FlotillaProperties.Agent.agentThreads(64)).isEqualTo(16);
    }

    @Test
    void unsetFollowsTheProcessorsTheJvmMayUse() {
        FlotillaProperties.Agent agent = bind(Map.of());

        assertThat(agent.threads()).isZero();
        assertThat(agent.agentPortThreads())
                .isEqualTo(FlotillaProperties.Agent.agentThreads(Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void aSetCountIsTaken() {
        assertThat(bind(Map.of("flotilla.agent.threads", "24")).agentPortThreads()).isEqualTo(24);
    }

    private static FlotillaProperties.Agent bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("flotilla.agent", FlotillaProperties.Agent.class);
    }
}
