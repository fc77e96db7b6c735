package dev.flotilla.meta.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One bad request of the fuzz run: what it breaks ({@code category} and the {@code target} field or parameter the
 * answer's detail must name, or null), the request itself, and the statuses it may get (empty: any 4xx).
 */
record FuzzCase(String operation, String category, String target, String method, String path, String token,
        String contentType, byte[] body, Map<String, String> headers, Set<Integer> expected) {

    static final String JSON = "application/json";

    FuzzCase {
        headers = Map.copyOf(headers);
        expected = Set.copyOf(expected);
    }

    static FuzzCase of(ApiOperation op, String category, String target, String path, String token, String body) {
        return new FuzzCase(op.id(), category, target, op.method(), path, token, body == null ? null : JSON,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), Map.of(), Set.of());
    }

    FuzzCase expecting(Integer... statuses) {
        return new FuzzCase(operation, category, target, method, path, token, contentType, body, headers,
                Set.of(statuses));
    }

    FuzzCase withToken(String other) {
        return new FuzzCase(operation, category, target, method, path, other, contentType, body, headers, expected);
    }

    FuzzCase withBody(String type, byte[] bytes) {
        return new FuzzCase(operation, category, target, method, path, token, type, bytes, headers, expected);
    }

    FuzzCase withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new FuzzCase(operation, category, target, method, path, token, contentType, body, more, expected);
    }

    /** How the case reads in a failure message: short enough to print, exact enough to replay. */
    String describe() {
        String shown = body == null ? "" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        return category + (target == null ? "" : "[" + target + "]") + ": " + method + " "
                + (path.length() > 300 ? path.substring(0, 300) + "..." : path)
                + (body == null ? "" : " (" + contentType + ", " + body.length + " bytes) " + shown);
    }
}
