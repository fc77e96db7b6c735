package dev.flotilla.meta.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bad bodies of an operation: malformed JSON (truncated, not JSON, the wrong top-level type, too deep, not
 * UTF-8), a wrong or missing content type, an oversized body, and the valid-looking body of its schema with one
 * field broken ({@link FieldMutations}), removed or nulled where it is required, or an unknown field added.
 */
final class BodyCases {

    /** More than the service takes in one request body. */
    static final int OVERSIZED = 5 * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonSamples samples;
    private final FieldMutations mutations;

    BodyCases(JsonSamples samples, FieldMutations mutations) {
        this.samples = samples;
        this.mutations = mutations;
    }

    List<FuzzCase> of(ApiOperation op, String path, String token) {
        List<FuzzCase> cases = new ArrayList<>();
        ObjectNode valid = samples.body(op.bodySchema());
        String text = JSON.writeValueAsString(valid);
        for (String bad : List.of(text.substring(0, text.length() / 2), "not json", "[]", "\"a string\"", "42",
                "null", "true", "{", "{\"a\":}", "{'single':'quotes'}", "[".repeat(5000) + "]".repeat(5000),
                "{\"a\":" + "{\"b\":".repeat(3000) + "1" + "}".repeat(3001))) {
            cases.add(FuzzCase.of(op, "malformed-json", null, path, token, bad));
        }
        cases.add(FuzzCase.of(op, "empty-body", null, path, token, "").withBody(FuzzCase.JSON, new byte[0]));
        cases.add(FuzzCase.of(op, "no-body", null, path, token, null).withBody(FuzzCase.JSON, null));
        cases.add(FuzzCase.of(op, "not-utf8", null, path, token, null)
                .withBody(FuzzCase.JSON, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
            cases.add(FuzzCase.of(op, "wrong-content-type", null, path, token, text)
                    .withBody(type, text.getBytes(StandardCharsets.UTF_8)).expecting(415));
        }
        cases.add(FuzzCase.of(op, "no-content-type", null, path, token, text)
                .withBody(null, text.getBytes(StandardCharsets.UTF_8)).expecting(415));
        cases.add(FuzzCase.of(op, "oversized-body", null, path, token, oversized(valid)).expecting(413));
        if (!op.agentApi()) {
            // the agent API ignores fields it does not know (a newer agent's), by design
            ObjectNode unknown = valid.deepCopy().put("fuzzUnknownField", 1);
            cases.add(FuzzCase.of(op, "unknown-field", "fuzzUnknownField", path, token, JSON.writeValueAsString(unknown)));
        }
        fields(op, path, token, valid, valid, op.bodySchema(), List.of(), cases);
        return cases;
    }

    /** Walks the object's fields (and the first element of arrays of objects) and breaks each in turn. */
    private void fields(ApiOperation op, String path, String token, ObjectNode root, JsonNode node, JsonNode schema,
            List<Object> at, List<FuzzCase> cases) {
        JsonNode s = samples.resolve(schema);
        List<String> required = new ArrayList<>();
        s.path("required").forEach(r -> required.add(r.asString()));
        for (Map.Entry<String, JsonNode> property : s.path("properties").properties()) {
            String field = property.getKey();
            JsonNode fieldSchema = samples.resolve(property.getValue());
            List<Object> fieldPath = append(at, field);
            if (required.contains(field)) {
                cases.add(mutated(op, "missing-required", field, path, token, root, fieldPath, null));
                cases.add(mutated(op, "null-required", field, path, token, root, fieldPath,
                        JSON.nullNode()));
            }
            for (FieldMutations.Mutation m : mutations.of(field, fieldSchema)) {
                cases.add(mutated(op, m.kind(), mention(field, m.value()), path, token, root, fieldPath, m.value()));
            }
            JsonNode child = node.path(field);
            if (child.isObject() && at.size() < 3) {
                fields(op, path, token, root, child, fieldSchema, fieldPath, cases);
            } else if (child.isArray() && !child.isEmpty() && child.get(0).isObject() && at.size() < 3) {
                fields(op, path, token, root, child.get(0), fieldSchema.path("items"), append(fieldPath, 0), cases);
            }
        }
    }

    private static FuzzCase mutated(ApiOperation op, String kind, String target, String path, String token,
            ObjectNode root, List<Object> at, JsonNode value) {
        ObjectNode copy = root.deepCopy();
        JsonNode parent = copy;
        for (Object step : at.subList(0, at.size() - 1)) {
            parent = step instanceof Integer i ? parent.get(i) : parent.get((String) step);
        }
        Object last = at.get(at.size() - 1);
        if (value == null) {
            ((ObjectNode) parent).remove((String) last);
        } else if (value.isString() && value.asString().startsWith(FieldMutations.RAW)) {
            ((ObjectNode) parent).put((String) last, "@@raw@@");
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
        String text = JSON.writeValueAsString(copy);
        if (value != null && value.isString() && value.asString().startsWith(FieldMutations.RAW)) {
            text = text.replace("\"@@raw@@\"", value.asString().substring(FieldMutations.RAW.length()));
        }
        return FuzzCase.of(op, kind, target, path, token, text);
    }

    /** The field's name, or a short bad value (or the one element of a bad list), is what the answer must name. */
    private static String mention(String field, JsonNode value) {
        JsonNode shown = value.isArray() && value.size() == 1 ? value.get(0) : value;
        return shown.isString() && shown.asString().length() <= 40 && !shown.asString().startsWith(FieldMutations.RAW)
                && !shown.asString().isBlank() ? field + "|" + shown.asString() : field;
    }

    /** The valid-looking body padded past {@link #OVERSIZED} with one more long field. */
    private static String oversized(ObjectNode valid) {
        ObjectNode big = valid.deepCopy();
        ArrayNode filler = big.putArray("fuzzPadding");
        String chunk = "z".repeat(1024);
        for (int i = 0; i < OVERSIZED / 1024 + 1; i++) {
            filler.add(chunk);
        }
        return JSON.writeValueAsString(big);
    }

    private static List<Object> append(List<Object> at, Object step) {
        List<Object> more = new ArrayList<>(at);
        more.add(step);
        return more;
    }
}
