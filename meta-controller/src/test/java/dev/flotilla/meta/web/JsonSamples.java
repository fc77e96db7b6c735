package dev.flotilla.meta.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Valid-looking JSON built from a schema, so that a case which breaks one field reaches the code validating that
 * field. Where the schema cannot say what a sensible value is (a duration, a time zone, a cluster that exists), the
 * field's name picks a sample from {@link #VALID}, and {@link #BAD} holds values of the right JSON type that are
 * still wrong for that field.
 */
final class JsonSamples {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Sensible values by field name; one is used only where its JSON type fits the schema. */
    static final Map<String, Object> VALID = Map.ofEntries(
            Map.entry("days", List.of("MON", "TUE")), Map.entry("start", "02:00"), Map.entry("duration", "PT2H"),
            Map.entry("timeZone", "UTC"), Map.entry("version", "1.31"), Map.entry("targetVersion", "1.31"),
            Map.entry("hostCluster", FuzzFixture.HOST), Map.entry("namespace", "fuzz-ns"),
            Map.entry("name", "fuzz-new"), Map.entry("tenant", FuzzFixture.TENANT), Map.entry("region", "eu"),
            Map.entry("zone", "eu-1a"), Map.entry("application", FuzzFixture.APP), Map.entry("revision", 1),
            Map.entry("names", List.of(FuzzFixture.CLUSTER)), Map.entry("selector", "env=fuzz"),
            Map.entry("waves", List.of("50%", "100%")), Map.entry("maxConcurrency", 2), Map.entry("maxFailures", 0),
            Map.entry("kind", "CloneSet"), Map.entry("role", "viewer"), Map.entry("workId", "fuzz-work"),
            Map.entry("partition", "50%"), Map.entry("maxUnavailable", "1"), Map.entry("maxSurge", "0"),
            Map.entry("kubernetesVersion", "v1.31.0"), Map.entry("kruiseVersion", "v1.7.2"),
            Map.entry("agentVersion", "0.1.0"), Map.entry("zones", List.of("eu-1a")),
            Map.entry("kubeletVersions", List.of("v1.31.0")), Map.entry("updateRevision", "web-2"),
            Map.entry("manifest", FuzzFixture.MANIFEST), Map.entry("labels", Map.of("env", "fuzz")),
            Map.entry("canary", Map.of("count", 1)), Map.entry("respectMaintenanceWindows", true),
            Map.entry("url", "http://127.0.0.1:9/fuzz"), Map.entry("secret", "fuzz-secret-0123456789"),
            Map.entry("format", "flotilla"), Map.entry("events", List.of("SUCCEEDED")),
            Map.entry("kinds", List.of("ROLLOUT")), Map.entry("subjects", List.of("fuzz-none")),
            Map.entry("tenants", List.of(FuzzFixture.TENANT)));

    /**
     * Fields the valid-looking body leaves out where the field named beside them stands for them (exactly one of the
     * two is taken): a revision's {@code resources} beside its {@code manifest}, a patch's {@code jsonPatch} beside
     * its {@code mergePatch}. Their mutations are still sent, each then meeting the field it excludes.
     */
    static final Map<String, String> LEFT_OUT = Map.of("resources", "manifest", "jsonPatch", "mergePatch");

    /** Values of a fitting JSON type that are wrong for the field all the same. */
    static final Map<String, List<Object>> BAD = Map.ofEntries(
            Map.entry("duration", List.of("forever", "-PT1H", "PT0S", "PT99999999H", "P8D")),
            Map.entry("start", List.of("25:00", "noon", "2:00pm", "02:60")),
            Map.entry("timeZone", List.of("Mars/Olympus", "UTC+99")),
            Map.entry("days", List.of(List.of("FUNDAY"), List.of("MON", "FUNDAY"), List.of("monday"))),
            Map.entry("version", List.of("9.99", "one.two", "1.31.0.0")),
            Map.entry("targetVersion", List.of("9.99", "one.two")),
            Map.entry("selector", List.of("env in (", "=x", "!!!", "env in ()", "a b c")),
            Map.entry("waves", List.of(List.of("0%"), List.of("150%"), List.of("abc"), List.of(-5),
                    List.of("100%", "50%"))),
            Map.entry("maxConcurrency", List.of("abc", "150%", -1, true, Map.of(), List.of())),
            Map.entry("maxFailures", List.of("abc", "150%", -1, true, Map.of())),
            Map.entry("partition", List.of("150%", "-1", "abc")),
            Map.entry("maxUnavailable", List.of("150%", "-1", "abc")),
            Map.entry("maxSurge", List.of("150%", "-1", "abc")),
            Map.entry("hostCluster", List.of("fuzz-unknown-host")),
            Map.entry("names", List.of(List.of("fuzz-unknown-cluster"))),
            Map.entry("application", List.of("fuzz-unknown-app")),
            Map.entry("manifest", List.of(Map.of(), Map.of("kind", "Pod"), Map.of("apiVersion", 7))),
            Map.entry("expiresAt", List.of("tomorrow", "2020-01-01T00:00:00Z", "2999-01-01T00:00:00Z")));

    private final ApiOperations operations;

    JsonSamples(ApiOperations operations) {
        this.operations = operations;
    }

    /** A valid-looking value for a field of that schema. */
    JsonNode sample(String field, JsonNode schema) {
        JsonNode s = operations.resolve(schema);
        String type = s.path("type").asString("");
        JsonNode known = field == null ? null : VALID.containsKey(field) ? JSON.valueToTree(VALID.get(field)) : null;
        if (known != null && (type.isEmpty() || fits(known, type))) {
            return known;
        }
        if (s.has("enum")) {
            return s.path("enum").get(0);
        }
        return switch (type) {
            case "string" -> NODES.stringNode("date-time".equals(s.path("format").asString(""))
                    ? Instant.now().plus(Duration.ofDays(1)).toString() : "fuzz");
            case "integer", "number" -> NODES.numberNode(Math.max(1, s.path("minimum").asLong(1)));
            case "boolean" -> NODES.booleanNode(false);
            case "array" -> arrayOf(field, s);
            case "object" -> object(s);
            default -> NODES.numberNode(1);
        };
    }

    JsonNode resolve(JsonNode schema) {
        return operations.resolve(schema);
    }

    /** The valid-looking object of an operation's body. */
    ObjectNode body(JsonNode schema) {
        JsonNode s = operations.resolve(schema);
        return s.path("type").asString("").equals("object") ? object(s) : NODES.objectNode();
    }

    static boolean fits(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isString();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            default -> true;
        };
    }

    private ArrayNode arrayOf(String field, JsonNode s) {
        ArrayNode array = NODES.arrayNode();
        JsonNode items = operations.resolve(s.path("items"));
        if (!items.isEmpty()) {
            array.add(sample(null, items));
        }
        return array;
    }

    private ObjectNode object(JsonNode s) {
        ObjectNode object = NODES.objectNode();
        JsonNode properties = s.path("properties");
        properties.properties().stream()
                .filter(p -> !(LEFT_OUT.containsKey(p.getKey()) && properties.has(LEFT_OUT.get(p.getKey()))))
                .forEach(p -> object.set(p.getKey(), sample(p.getKey(), p.getValue())));
        JsonNode extra = s.path("additionalProperties");
        if (object.isEmpty() && extra.isObject()) {
            object.set("fuzz", sample(null, extra.isEmpty() ? NODES.objectNode().put("type", "string") : extra));
        }
        return object;
    }
}
