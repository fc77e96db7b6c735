package dev.flotilla.meta.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every mutating operation of the portal API (POST, PUT, PATCH, DELETE under {@code /api/v1}, from the live OpenAPI
 * document joined with Spring's handler mapping, as {@link BadInputFuzzIT} walks them) leaves exactly one audit record
 * naming the caller, the action and the answer's status. Each operation is driven with a valid request on the
 * {@link FuzzFixture}'s fleet, in an order where it succeeds, or is listed in {@link #REFUSED} with why it can only be
 * driven to a refusal here (and is walked to that refusal: it leaves its one record too). An operation not in the walk
 * fails the test: a new endpoint must be added to it.
 */
@IntegrationTest
class AuditEveryOperationIT {

    static final String CLUSTER = "audit-walk";
    static final String APP = "audit-walk-app";

    /** A driven call: path values, body and the statuses it may answer; {@code ids} carries created ids forward. */
    record Step(String op, Function<Map<String, String>, Map<String, String>> path, Object body, Set<Integer> ok) {
    }

    /** Operations this fixture can only drive to a refusal, and why. */
    static final Map<String, String> REFUSED = Map.of(
            "POST /api/v1/upgrades/{id}/cancel", "the fixture holds no cluster upgrade (it needs a converged host "
                    + "agent); an unknown id is a 404 refusal",
            "POST /api/v1/upgrades/campaigns/{id}/{action}", "the fixture holds no upgrade campaign (it needs hosted "
                    + "control planes that run); the fixture's rollout is a 404 here");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyMutatingOperationLeavesExactlyOneAuditRecord() {
        Api api = new Api(port);
        FuzzFixture fixture = new FuzzFixture(api);
        fixture.create();
        ApiOperations operations = ApiOperations.of(api.get(fixture.admin(), "/v3/api-docs").body(),
                mappings.getHandlerMethods());
        Map<String, ApiOperation> mutating = new LinkedHashMap<>();
        for (ApiOperation op : operations.all()) {
            if (!op.agentApi() && op.path().startsWith("/api/v1/") && Set.of("POST", "PUT", "PATCH", "DELETE")
                    .contains(op.method())) {
                mutating.put(op.id(), op);
            }
        }
        Map<String, String> ids = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Set<String> walked = new TreeSet<>();

        for (Step step : steps()) {
            ApiOperation op = mutating.get(step.op());
            assertThat(op).as("operation " + step.op() + " is in the OpenAPI document").isNotNull();
            Map<String, String> values = new LinkedHashMap<>(fixture.pathValues(op));
            values.putAll(step.path().apply(ids));
            String path = RequestCases.expand(op.path(), values);
            long before = lastId();
            Api.Reply reply = api.sendRaw(fixture.admin(), op.method(), path,
                    step.body() == null ? null : Api.json(toJson(step.body())).toString());
            walked.add(step.op());
            if (!step.ok().contains(reply.status())) {
                failures.add(step.op() + " answered " + reply.status() + ": " + reply.raw());
            }
            if (reply.status() == 201 && reply.body() != null && reply.body().has("id")) {
                ids.put(step.op(), reply.body().path("id").asString());
            }
            List<Map<String, Object>> records = jdbc.sql("SELECT * FROM audit_record WHERE id > ? ORDER BY id")
                    .param(before).query().listOfRows();
            if (records.size() != 1) {
                failures.add(step.op() + " left " + records.size() + " audit records: " + records);
                continue;
            }
            Map<String, Object> record = records.get(0);
            String expected = op.method() + " " + path + " by admin answered " + reply.status();
            String actual = record.get("method") + " " + record.get("path") + " by " + record.get("actor")
                    + " answered " + record.get("status");
            if (!actual.equals(expected) || "unrouted".equals(record.get("action"))
                    || record.get("resource_type") == null) {
                failures.add(step.op() + ": record " + record + " does not name " + expected);
            }
        }

        Set<String> unaccounted = new TreeSet<>(mutating.keySet());
        unaccounted.removeAll(walked);
        assertThat(mutating.keySet()).as("operations listed as refused still exist").containsAll(REFUSED.keySet());
        assertThat(unaccounted).as("mutating operations neither walked nor listed with a reason (add them)")
                .isEmpty();
        assertThat(failures).isEmpty();
    }

    private long lastId() {
        return jdbc.sql("SELECT coalesce(max(id), 0) FROM audit_record").query(Long.class).single();
    }

    private static String toJson(Object body) {
        return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(body);
    }

    private static Step step(String op, Map<String, String> path, Object body, Integer... ok) {
        return new Step(op, ids -> path, body, Set.of(ok));
    }

    private static List<Step> steps() {
        Map<String, Object> manifest = Map.of("apiVersion", "apps.kruise.io/v1alpha1", "kind", "CloneSet",
                "metadata", Map.of("name", APP),
                "spec", Map.of("replicas", 1, "selector", Map.of("matchLabels", Map.of("app", APP)),
                        "template", Map.of("metadata", Map.of("labels", Map.of("app", APP)),
                                "spec", Map.of("containers", List.of(Map.of("name", "app", "image", "web:v1"))))));
        Map<String, String> cluster = Map.of("name", CLUSTER);
        String rollouts = "POST /api/v1/rollouts";
        String registrations = "POST /api/v1/registration-tokens";
        String webhooks = "POST /api/v1/webhooks";
        return List.of(
                step("POST /api/v1/clusters", Map.of(),
                        Map.of("name", CLUSTER, "tenant", FuzzFixture.TENANT, "region", "eu", "zone", "eu-1a"), 201),
                step("PATCH /api/v1/clusters/{name}", cluster, Map.of("labels", Map.of("walk", "yes")), 200),
                step("POST /api/v1/clusters/{name}/cordon", cluster, null, 200),
                step("POST /api/v1/clusters/{name}/uncordon", cluster, null, 200),
                step("POST /api/v1/clusters/{name}/bootstrap-token", cluster, null, 200),
                step("PUT /api/v1/clusters/{name}/maintenance-window", cluster, Map.of("days", List.of("SAT"),
                        "start", "02:00", "duration", "PT4H", "timeZone", "UTC"), 200),
                step("DELETE /api/v1/clusters/{name}/maintenance-window", cluster, null, 204),
                step("PUT /api/v1/clusters/{name}/control-plane", cluster, Map.of("hostCluster", FuzzFixture.HOST,
                        "namespace", "cp-walk", "version", "1.30"), 200),
                step("DELETE /api/v1/clusters/{name}/control-plane", cluster, null, 204),
                // the fixture's cluster has a hosted control plane: a dry run plans its upgrade (or refuses it)
                step("POST /api/v1/clusters/{name}/upgrades", Map.of("name", FuzzFixture.CLUSTER),
                        Map.of("targetVersion", "1.31", "dryRun", true), 200, 409),
                step("POST /api/v1/upgrades", Map.of(), Map.of("clusters", Map.of("names",
                        List.of(FuzzFixture.CLUSTER)), "targetVersion", "1.31", "dryRun", true), 200, 409),
                step("POST /api/v1/upgrades/{id}/cancel", Map.of("id", "987654321"), null, 404),
                step("POST /api/v1/upgrades/campaigns/{id}/{action}", Map.of("action", "pause"), null, 404),
                step("POST /api/v1/applications", Map.of(), Map.of("name", APP, "tenant", FuzzFixture.TENANT,
                        "namespace", "walk-ns", "kind", "CloneSet"), 201),
                step("POST /api/v1/applications/{app}/revisions", Map.of("app", APP), Map.of("manifest", manifest),
                        201),
                step(rollouts, Map.of(), Map.of("application", APP, "revision", 1, "clusters",
                        Map.of("names", List.of(FuzzFixture.CLUSTER)), "approvalBeforeWaves", List.of(0)), 201),
                new Step("POST /api/v1/campaigns/{id}/{action}",
                        ids -> Map.of("id", ids.get(rollouts), "action", "pause"), null, Set.of(200)),
                new Step("POST /api/v1/rollouts/{id}/{action}",
                        ids -> Map.of("id", ids.get(rollouts), "action", "abort"), null, Set.of(200)),
                step("POST /api/v1/tokens", Map.of(), Map.of("name", "audit-walk-token", "role", "viewer"), 201),
                step("POST /api/v1/tokens/{name}/rotate", Map.of("name", "audit-walk-token"), Map.of(), 200),
                step("DELETE /api/v1/tokens/{name}", Map.of("name", "audit-walk-token"), null, 204),
                step(registrations, Map.of(), Map.of("name", "audit-walk-reg", "tenant", FuzzFixture.TENANT), 201),
                new Step("DELETE /api/v1/registration-tokens/{id}", ids -> Map.of("id", ids.get(registrations)), null,
                        Set.of(204)),
                step(webhooks, Map.of(), Map.of("name", "audit-walk-hook", "url", "https://hooks.example.com/walk",
                        "secret", "a-long-random-string-0001"), 201),
                new Step("PUT /api/v1/webhooks/{webhookId}", ids -> Map.of("webhookId", ids.get(webhooks)),
                        Map.of("name", "audit-walk-hook", "url", "https://hooks.example.com/walk2"), Set.of(200)),
                new Step("DELETE /api/v1/webhooks/{webhookId}", ids -> Map.of("webhookId", ids.get(webhooks)), null,
                        Set.of(204)),
                step("DELETE /api/v1/clusters/{name}", cluster, null, 204));
    }
}
