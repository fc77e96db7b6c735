package dev.flotilla.meta.web;

import dev.flotilla.api.agent.AgentTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The bad requests of an operation outside its body: path variables that are not numbers, out of range, unknown,
 * huge or full of unicode and control characters; query parameters of the wrong type, out of range, malformed
 * cursors, selectors and enums, over-long or NUL-carrying; and calls without a token, with a bad one, with a viewer's
 * token where it may not write, or with a token of the other API.
 */
final class RequestCases {

    /** Operations open to everyone (no token at all), so the credential cases do not apply. */
    static final Set<String> OPEN = Set.of("/api/v1/auth/config");

    /** Not one is an id: Spring reads {@code 0x10} as 16, so hexadecimal is left out on purpose. */
    private static final List<String> BAD_IDS = List.of("abc", "-1", "0", "99999999999999999999", "1.5", "NaN",
            "987654321", "1e3", "%20", "true");
    private static final List<String> BAD_NAMES = List.of("fuzz-unknown", "UPPER", "ünïcødé", "a%00b", "tab%09x",
            "emoji%F0%9F%98%80", "-leading", "x".repeat(5000), "..", "a;b", "%2F", "%25", "a%7Fb");
    /**
     * Not a number of any range. Spring's own leniency is left alone: an empty value is no value (the parameter is
     * left out), blanks are trimmed ({@code 1 2} is 12) and {@code 0x10} is 16.
     */
    private static final List<String> BAD_INTS = List.of("abc", "1.5", "99999999999999999999", "NaN", "1e3",
            "-9223372036854775809", "%00", "true");
    private static final List<String> BAD_CURSORS = List.of("!!!", "not a cursor", "AAE", "_-_-_-_-", "%00",
            "x".repeat(5000), "AAAAAAAAAAAAAAAAAAAAAA==");
    private static final Map<String, List<String>> BAD_QUERIES = Map.of(
            "selector", List.of("env in (", "=x", "!!!", "env in ()", "a b c", "env notin", "x".repeat(5000)),
            "state", List.of("NOT_A_STATE", "%00", "%01RUNNING"),
            "kind", List.of("NOT_A_KIND", "%00"),
            "version", List.of("9.99", "one.two", "%00"),
            "limit", List.of("0", "-1", "1001", "2147483648", "abc", "1.5"),
            "timeoutSeconds", List.of("0", "61", "-5", "abc"),
            "generation", List.of("-1", "abc", "99999999999999999999"));

    private final FuzzFixture fixture;

    RequestCases(FuzzFixture fixture) {
        this.fixture = fixture;
    }

    List<FuzzCase> of(ApiOperation op) {
        List<FuzzCase> cases = new ArrayList<>();
        String token = fixture.tokenFor(op);
        String body = op.hasBody() ? fixture.bodyFor(op) : null;
        for (ApiOperation.Parameter variable : op.in("path")) {
            boolean numeric = variable.type().equals("integer");
            for (String bad : numeric ? BAD_IDS : BAD_NAMES) {
                Map<String, String> values = new LinkedHashMap<>(fixture.pathValues(op));
                values.put(variable.name(), bad);
                cases.add(FuzzCase.of(op, "bad-path-" + variable.name(), null, expand(op.path(), values), token, body));
            }
        }
        String realPath = expand(op.path(), fixture.pathValues(op));
        for (ApiOperation.Parameter query : op.in("query")) {
            for (String bad : badQueryValues(query)) {
                String mention = bad.isEmpty() || bad.length() > 40 || bad.contains("%") ? query.name()
                        : query.name() + "|" + bad;
                cases.add(FuzzCase.of(op, "bad-query-" + query.name(), mention,
                        realPath + "?" + query.name() + "=" + encode(bad), token, body));
            }
        }
        auth(op, realPath, body, cases);
        if (op.path().equals("/agent/v1/register")) {
            for (String bad : List.of("short", "fla_!!!", "fla_" + "x".repeat(5000), "flt_" + "a".repeat(43))) {
                cases.add(FuzzCase.of(op, "bad-proposed-token", null, realPath, token, body)
                        .withHeader(AgentTokens.PROPOSED_HEADER, bad));
            }
        }
        return cases;
    }

    private List<String> badQueryValues(ApiOperation.Parameter query) {
        if (BAD_QUERIES.containsKey(query.name())) {
            return BAD_QUERIES.get(query.name());
        }
        if (query.name().equals("cursor")) {
            return BAD_CURSORS;
        }
        if (query.type().equals("integer") || query.type().equals("number")) {
            List<String> bad = new ArrayList<>(BAD_INTS);
            if ("int32".equals(query.schema().path("format").asString(""))) {
                bad.add("2147483648");
            }
            return bad;
        }
        JsonNode values = query.schema().path("enum");
        if (!values.isEmpty()) {
            return List.of("NOT_A_VALUE", values.get(0).asString().toLowerCase() + "_x", "%00");
        }
        // a free text filter: longer than any column it could match, or holding a NUL PostgreSQL cannot store
        return List.of("x".repeat(5000), "a%00b");
    }

    private void auth(ApiOperation op, String path, String body, List<FuzzCase> cases) {
        if (OPEN.contains(op.path())) {
            // answers everyone alike, so no credential to get wrong; a malformed query is still refused
            cases.add(FuzzCase.of(op, "control-character-query", "probe", path + "?probe=%00", null, body));
            return;
        }
        cases.add(FuzzCase.of(op, "no-token", null, path, null, body).expecting(401));
        cases.add(FuzzCase.of(op, "unknown-token", null, path, "flt_" + "0".repeat(40), body).expecting(401));
        cases.add(FuzzCase.of(op, "huge-token", null, path, "fla_" + "x".repeat(6000), body).expecting(400, 401));
        if (op.agentApi()) {
            cases.add(FuzzCase.of(op, "unknown-agent-token", null, path, "fla_" + "1".repeat(40), body)
                    .expecting(401));
            cases.add(FuzzCase.of(op, "portal-token-on-agent-api", null, path, fixture.admin(), body)
                    .expecting(401, 403));
        } else {
            cases.add(FuzzCase.of(op, "agent-token-on-portal-api", null, path, fixture.agentToken(), body)
                    .expecting(401, 403));
            if (!op.method().equals("GET") || op.path().startsWith("/api/v1/tokens")) {
                cases.add(FuzzCase.of(op, "viewer-token", null, path, fixture.viewer(), body).expecting(403));
            }
        }
    }

    /** The path template with each variable replaced (values are already URL-encoded where they need it). */
    static String expand(String template, Map<String, String> values) {
        String path = template;
        for (Map.Entry<String, String> v : values.entrySet()) {
            path = path.replace("{" + v.getKey() + "}", encode(v.getValue()));
        }
        return path;
    }

    /** URL-encodes a value, but leaves one already percent-encoded (to carry a NUL or a slash) as it is. */
    private static String encode(String value) {
        return value.contains("%") ? value : URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
