package dev.flotilla.meta.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@IntegrationTest
class RolloutInputsIT extends RolloutHarness {

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("unknown application", Map.of("application", "nope"), "application 'nope' not found"),
                Arguments.of("missing revision", Map.of("revision", 9), "has no revision 9"),
                Arguments.of("waves short of all", Map.of("waves", List.of("10%", "50%")), "must reach all"),
                Arguments.of("decreasing waves", Map.of("waves", List.of("50%", "10%", "100%")), "must increase"),
                Arguments.of("malformed percent", Map.of("waves", List.of("5o%", "100%")), "waves[0]"),
                Arguments.of("percent over 100", Map.of("waves", List.of("150%")), "waves[0]"),
                Arguments.of("bad concurrency", Map.of("maxConcurrency", "many"), "maxConcurrency"),
                Arguments.of("bad budget", Map.of("maxFailures", "10%%"), "maxFailures"),
                Arguments.of("bad selector", Map.of("clusters", Map.of("selector", "tier in (web")), "selector"),
                Arguments.of("selector matching nothing", Map.of("clusters", Map.of("selector", "tier=none")),
                        "matches no"),
                Arguments.of("unknown canary", Map.of("canary", Map.of("names", List.of("ghost"))), "ghost"),
                Arguments.of("approval wave out of range", Map.of("approvalBeforeWaves", List.of(7)), "wave 7"),
                Arguments.of("unknown order", Map.of("order", "RANDOM"), "order"),
                Arguments.of("unknown field", Map.of("maintenanceWindowPolicy", true), "maintenanceWindowPolicy"),
                // ClusterStrategy is an agent protocol record too, but the portal keeps refusing unknown fields in it
                Arguments.of("unknown field in the cluster strategy", Map.of("clusterStrategy",
                        Map.of("surgeMode", "fast")), "surgeMode"),
                Arguments.of("unknown field in a batch", Map.of("clusterStrategy", Map.of("batches",
                        List.of(Map.of("partition", "0", "soak", 5)))), "soak"),
                Arguments.of("bad maxUnavailable", Map.of("clusterStrategy", Map.of("maxUnavailable", "20 %")),
                        "clusterStrategy.maxUnavailable"),
                Arguments.of("partitions going up", Map.of("clusterStrategy", Map.of("batches",
                        List.of(Map.of("partition", "50%"), Map.of("partition", "80%")))), "batches[1].partition"),
                Arguments.of("surge with in-place only", Map.of("clusterStrategy", Map.of("type", "InPlaceOnly",
                        "maxSurge", "1")), "clusterStrategy.maxSurge"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void refusesBadInputWithAProblemNamingIt(String why, Map<String, Object> override, String named) {
        fleet.addInZones(2, "a");
        String app = application(1);
        Map<String, Object> body = body(app, 1);
        body.putAll(override);

        Api.Reply reply = api.post(ADMIN, "/api/v1/rollouts", body);

        assertThat(reply.status()).as(reply.raw()).isEqualTo(400);
        assertThat(reply.contentType()).contains("application/problem+json");
        assertThat(reply.detail()).contains(named);
        assertThat(api.get(ADMIN, "/api/v1/rollouts?application=" + app).body().path("items")).isEmpty();
    }
}
