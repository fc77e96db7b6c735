package dev.flotilla.meta.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.api.agent.ClusterStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

class StrictJsonConfigurationTest {

    private final JsonMapper json = strict();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"kruiseVersion\":12345}", "{\"kruiseVersion\":true}", "{\"nodes\":\"12\"}",
            "{\"nodes\":1.5}", "{\"nodes\":true}", "{\"agentVersion\":\"a\\u0000b\"}", "{\"zones\":[7]}"})
    void refusesAJsonValueOfAnotherTypeOrANulNamingTheField(String body) {
        assertThatThrownBy(() -> json.readValue(body, ClusterFacts.class))
                .isInstanceOfSatisfying(DatabindException.class, e -> assertThat(e.getPath()).isNotEmpty());
    }

    /** Upstream {@code intstr.IntOrString.UnmarshalJSON} reads a JSON number or a JSON string alike. */
    @Test
    void takesAWholeNumberWhereKubernetesTakesIntOrString() {
        ClusterStrategy strategy = json.readValue(
                "{\"maxUnavailable\":1,\"maxSurge\":\"25%\",\"batches\":[{\"partition\":2}]}", ClusterStrategy.class);

        assertThat(strategy.maxUnavailable()).isEqualTo("1");
        assertThat(strategy.maxSurge()).isEqualTo("25%");
        assertThat(strategy.batches().get(0).partition()).isEqualTo("2");
    }

    @Test
    void keepsANullListElementForValidationToName() {
        ClusterFacts facts = json.readValue("{\"kubeletVersions\":[null]}", ClusterFacts.class);

        assertThat(facts.kubeletVersions()).containsExactly((String) null);
    }

    private static JsonMapper strict() {
        JsonMapper.Builder builder = JsonMapper.builder();
        new StrictJsonConfiguration().strictJsonTypes().customize(builder);
        return builder.build();
    }
}
