package dev.flotilla.meta.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class RolloutTenancyIT extends RolloutHarness {

    @Test
    void aTenantScopedOperatorTargetsOnlyItsTenantsClustersAndSeesOnlyItsRollouts() {
        String mine = fleet.add("a-01", "a", "READY", "blue");
        fleet.add("a-02", "a", "READY", "green");
        String blue = token("blue");
        String green = token("green");
        String app = fleet.name("blueweb");
        assertThat(api.post(blue, "/api/v1/applications", Map.of("name", app, "tenant", "blue", "namespace", "shop",
                "kind", "CloneSet")).status()).isEqualTo(201);
        assertThat(api.post(blue, "/api/v1/applications/" + app + "/revisions",
                Map.of("manifest", manifest(app, "web:v1"))).status()).isEqualTo(201);

        Api.Reply started = api.post(blue, "/api/v1/rollouts", body(app, 1));

        assertThat(started.status()).as(started.raw()).isEqualTo(201);
        long id = started.body().path("id").asLong();
        assertThat(started.body().path("targets").asInt()).isEqualTo(1);
        assertThat(targets(id, "")).containsExactly(mine);
        assertThat(api.get(green, "/api/v1/rollouts/" + id).status()).isEqualTo(404);
        assertThat(api.post(green, "/api/v1/rollouts/" + id + "/pause", null).status()).isEqualTo(404);
        JsonNode listed = api.get(green, "/api/v1/rollouts?application=" + app).body().path("items");
        assertThat(listed).isEmpty();
        Map<String, Object> foreign = new HashMap<>(body(app, 1));
        foreign.put("dryRun", true);
        assertThat(api.post(green, "/api/v1/rollouts", foreign).detail()).contains("not found");
        Api.Reply viewer = api.post(token("blue", "viewer"), "/api/v1/rollouts/" + id + "/pause", null);
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(api.get(blue, "/api/v1/rollouts/" + id).status()).isEqualTo(200);
    }

    private String token(String tenant) {
        return token(tenant, "operator");
    }

    private String token(String tenant, String role) {
        return api.post(ADMIN, "/api/v1/tokens", Map.of("name", fleet.name(tenant + "-" + role), "role", role,
                "tenant", tenant)).body().path("token").asString();
    }
}
