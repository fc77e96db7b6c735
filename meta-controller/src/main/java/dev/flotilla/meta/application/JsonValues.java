package dev.flotilla.meta.application;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Manifests as Jackson reads them (maps, lists, strings, numbers, booleans, null) to JSON-P values and back. */
final class JsonValues {

    /** Looked up once: {@code Json.*} looks the provider up on every call. */
    static final JsonProvider JSON = JsonProvider.provider();

    private JsonValues() {
    }

    static JsonValue of(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder object = JSON.createObjectBuilder();
            map.forEach((k, v) -> object.add(String.valueOf(k), of(v)));
            return object.build();
        }
        if (value instanceof List<?> list) {
            JsonArrayBuilder array = JSON.createArrayBuilder();
            list.forEach(v -> array.add(of(v)));
            return array.build();
        }
        if (value instanceof String s) {
            return JSON.createValue(s);
        }
        if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return JSON.createValue(((Number) value).longValue());
        }
        if (value instanceof BigInteger i) {
            return JSON.createValue(i);
        }
        if (value instanceof BigDecimal d) {
            return JSON.createValue(d);
        }
        if (value instanceof Number n) {
            return JSON.createValue(n.doubleValue());
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }

    /** Back to maps and lists; whole numbers become Integer or Long where they fit, as Jackson reads them. */
    static Object toJava(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((JsonObject) value).forEach((k, v) -> map.put(k, toJava(v)));
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                ((JsonArray) value).forEach(v -> list.add(toJava(v)));
                yield list;
            }
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> number((JsonNumber) value);
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
        };
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(JsonValue value) {
        return (Map<String, Object>) toJava(value);
    }

    private static Object number(JsonNumber number) {
        if (!number.isIntegral()) {
            return number.doubleValue();
        }
        BigInteger whole = number.bigIntegerValue();
        if (whole.bitLength() < 32) {
            return whole.intValue();
        }
        return whole.bitLength() < 64 ? (Object) whole.longValue() : whole;
    }
}
