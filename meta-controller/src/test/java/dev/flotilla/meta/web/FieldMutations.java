package dev.flotilla.meta.web;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Values that break one field of a schema: a wrong JSON type, a number beyond the field's or Java's range, a string
 * too long, empty where one is required, breaking its pattern or enum, or carrying a NUL; an array too long, too
 * short or holding a null. {@link #RAW} marks a value that only raw JSON text can carry ({@code NaN}, {@code 1e400}).
 */
final class FieldMutations {

    /** A value the schema does not allow, and what kind of mistake it is. */
    record Mutation(String kind, JsonNode value) {
    }

    static final String RAW = "@@raw@@:";
    /** Seeded random values per field and kind: a longer run ({@code -Dflotilla.fuzz.cases}) reaches more of them. */
    private static final int RANDOM_VALUES = 5;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonSamples samples;
    private final Random random;

    FieldMutations(JsonSamples samples, Random random) {
        this.samples = samples;
        this.random = random;
    }

    List<Mutation> of(String field, JsonNode schema) {
        List<Mutation> out = new ArrayList<>();
        String type = schema.path("type").asString("");
        switch (type) {
            case "string" -> strings(field, schema, out);
            case "integer", "number" -> numbers(schema, type, out);
            case "boolean" -> out.addAll(List.of(m("string-for-boolean", "yes"), m("number-for-boolean", 1),
                    m("numeric-string-for-boolean", "true"), m("object-for-boolean", NODES.objectNode())));
            case "array" -> arrays(field, schema, out);
            case "object" -> out.addAll(List.of(m("array-for-object", NODES.arrayNode()),
                    m("string-for-object", "x"), m("number-for-object", 1)));
            default -> { }
        }
        if (!type.equals("string") && !type.isEmpty()) {
            out.add(m("string-for-" + type, "not-a-" + type));
        }
        for (Object bad : field == null ? List.of() : JsonSamples.BAD.getOrDefault(field, List.of())) {
            out.add(new Mutation("bad-" + field, JSON.valueToTree(bad)));
        }
        return out;
    }

    private void strings(String field, JsonNode schema, List<Mutation> out) {
        if (field == null || !StrictJsonConfiguration.Strings.INT_OR_STRING.contains(field)) {
            out.add(m("number-for-string", 12345)); // an int-or-string field takes one
        }
        out.add(m("boolean-for-string", true));
        out.add(m("object-for-string", NODES.objectNode().put("a", "b")));
        out.add(m("array-for-string", NODES.arrayNode().add("a")));
        int max = schema.path("maxLength").asInt(0);
        out.add(m("too-long-string", "x".repeat(max > 0 ? max + 1 : 10_000)));
        out.add(m("10k-string", "y".repeat(10_000)));
        out.add(m("nul-in-string", "a\u0000b"));
        if (schema.path("minLength").asInt(0) > 0 || schema.has("pattern")) {
            out.add(m("empty-string", ""));
            out.add(m("blank-string", "   "));
        }
        if (schema.has("pattern")) {
            for (String bad : List.of("UPPER_case!", "ünïcødé", "tab\there", "-leading", "emoji\uD83D\uDE00",
                    "a".repeat(64), "ctl\u0007bell")) {
                out.add(m("pattern-violation", bad));
            }
            for (int i = 0; i < RANDOM_VALUES; i++) {
                out.add(m("random-unicode", randomUnicode(1 + random.nextInt(80))));
            }
        }
        for (int i = 0; i < RANDOM_VALUES; i++) {
            out.add(m("random-too-long", randomUnicode((max > 0 ? max : 10_000) + 1 + random.nextInt(5000))));
        }
        if (schema.has("enum")) {
            out.add(m("bad-enum", "NOT_A_VALUE"));
            out.add(m("lower-case-enum", schema.path("enum").get(0).asString().toLowerCase() + "_x"));
        }
    }

    private void numbers(JsonNode schema, String type, List<Mutation> out) {
        for (int i = 0; i < RANDOM_VALUES; i++) {
            // the first just past the bound, then further out at random
            long past = i == 0 ? 1 : 1 + (long) random.nextInt(1_000_000);
            if (schema.has("minimum")) {
                out.add(m("below-minimum", schema.path("minimum").asLong() - past));
            }
            if (schema.has("maximum")) {
                out.add(m("above-maximum", schema.path("maximum").asLong() + past));
            }
        }
        boolean int32 = "int32".equals(schema.path("format").asString(""));
        out.add(new Mutation("int-overflow", int32 ? NODES.numberNode(2_147_483_648L)
                : NODES.numberNode(new BigInteger("9223372036854775808"))));
        out.add(new Mutation("huge-number", NODES.numberNode(new BigInteger("1" + "0".repeat(40)))));
        out.add(m("raw-number", RAW + "1e400"));
        out.add(m("raw-nan", RAW + "NaN"));
        out.add(m("raw-infinity", RAW + "-Infinity"));
        out.add(m("nan-string", "NaN"));
        out.add(m("numeric-string-for-" + type, "12"));
        out.add(m("boolean-for-" + type, true));
        if (type.equals("integer")) {
            out.add(new Mutation("fraction-for-integer", NODES.numberNode(1.5)));
        }
    }

    private void arrays(String field, JsonNode schema, List<Mutation> out) {
        out.add(m("object-for-array", NODES.objectNode()));
        out.add(m("string-for-array", "x"));
        out.add(m("number-for-array", 1));
        JsonNode items = samples.resolve(schema.path("items"));
        JsonNode item = samples.sample(null, items);
        if (schema.has("maxItems")) {
            ArrayNode many = NODES.arrayNode();
            for (int i = 0; i <= schema.path("maxItems").asInt(); i++) {
                many.add(item);
            }
            out.add(new Mutation("too-many-items", many));
        }
        if (schema.path("minItems").asInt(0) > 0) {
            out.add(new Mutation("too-few-items", NODES.arrayNode()));
        }
        out.add(new Mutation("null-item", NODES.arrayNode().addNull()));
        for (Mutation bad : items.isEmpty() ? List.<Mutation>of() : of(null, items)) {
            out.add(new Mutation("item-" + bad.kind(), NODES.arrayNode().add(bad.value())));
        }
    }

    private String randomUnicode(int length) {
        StringBuilder s = new StringBuilder();
        while (s.length() < length) {
            int cp = random.nextInt(0x2FFFF);
            if (Character.isValidCodePoint(cp) && !Character.isSurrogate((char) cp)) {
                s.appendCodePoint(cp);
            }
        }
        return s.toString();
    }

    private static Mutation m(String kind, Object value) {
        return new Mutation(kind, JSON.valueToTree(value));
    }
}
