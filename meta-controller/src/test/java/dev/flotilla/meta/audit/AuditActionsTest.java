package dev.flotilla.meta.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

class AuditActionsTest {

    @ParameterizedTest(name = "{0} {1} is {3} on {4}/{5}")
    @CsvSource(delimiter = ';', nullValues = "-", value = {
        "POST   ; /api/v1/clusters                                     ; -         ; cluster.create             ; cluster            ; -",
        "PATCH  ; /api/v1/clusters/{name}                              ; c1        ; cluster.update             ; cluster            ; c1",
        "DELETE ; /api/v1/clusters/{name}                              ; c1        ; cluster.delete             ; cluster            ; c1",
        "POST   ; /api/v1/clusters/{name}/cordon                       ; c1        ; cluster.cordon             ; cluster            ; c1",
        "POST   ; /api/v1/clusters/{name}/bootstrap-token              ; c1        ; cluster.bootstrap-token    ; cluster            ; c1",
        "PUT    ; /api/v1/clusters/{name}/maintenance-window           ; c1        ; maintenance-window.set     ; cluster            ; c1",
        "DELETE ; /api/v1/clusters/{name}/control-plane                ; c1        ; control-plane.delete       ; cluster            ; c1",
        "POST   ; /api/v1/clusters/{name}/upgrades                     ; c1        ; upgrade.create             ; cluster            ; c1",
        "POST   ; /api/v1/applications/{app}/revisions                 ; web       ; revision.create            ; application        ; web",
        "POST   ; /api/v1/rollouts/{id}/{action:pause|resume}          ; 7         ; rollout.pause              ; rollout            ; 7",
        "POST   ; /api/v1/campaigns/{id}/{action:pause|resume}         ; 7         ; campaign.pause             ; campaign           ; 7",
        "POST   ; /api/v1/upgrades                                     ; -         ; upgrade-campaign.create    ; upgrade-campaign   ; -",
        "POST   ; /api/v1/upgrades/campaigns/{id}/{action:pause|abort} ; 7         ; upgrade-campaign.pause     ; upgrade-campaign   ; 7",
        "POST   ; /api/v1/upgrades/{id}/cancel                         ; 7         ; upgrade.cancel             ; upgrade            ; 7",
        "DELETE ; /api/v1/registration-tokens/{id}                     ; 7         ; registration-token.delete  ; registration-token ; 7",
        "DELETE ; /api/v1/tokens/{name}                                ; ci        ; token.delete               ; token              ; ci",
    })
    void namesTheActionAndResourceFromTheHandlersPattern(String method, String pattern, String value, String action,
            String type, String id) {
        String variable = pattern.contains("{app}") ? "app" : pattern.contains("{id}") ? "id" : "name";
        Map<String, String> variables = value == null ? Map.of() : Map.of(variable, value, "action", "pause");

        AuditActions.Target target = AuditActions.of(method, pattern, variables, "/ignored");

        assertThat(target).isEqualTo(new AuditActions.Target(action, type, id));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "/api/v1/rollouts/12  | -                                                   | 12",
        "-                    | {\"cluster\":{\"name\":\"c9\"},\"bootstrapToken\":\"x\"} | c9",
        "-                    | {\"id\":4,\"name\":\"reg\"}                             | 4",
        "-                    | {\"name\":\"ci\",\"token\":\"x\"}                       | ci",
    })
    void findsTheIdOfACreatedResource(String location, String answer, String id) {
        assertThat(AuditActions.createdId(location, answer == null ? null : JsonMapper.builder().build().readTree(answer)))
                .isEqualTo(id);
    }

    @org.junit.jupiter.api.Test
    void aCallNoHandlerServesIsUnroutedOnThePathsResource() {
        assertThat(AuditActions.of("POST", null, Map.of(), "/api/v1/clusterz/x"))
                .isEqualTo(new AuditActions.Target("unrouted", "clusterz", "x"));
        assertThat(AuditActions.resourceOf("/api/v1/upgrades/campaigns/3/pause"))
                .isEqualTo(new AuditActions.Target("unrouted", "upgrade-campaign", "3"));
    }
}
