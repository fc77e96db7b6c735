package dev.flotilla.meta.audit;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Names what a mutating call does and to what, from the path pattern of the handler Spring mapped it to: the first
 * collection of the path is the resource ({@code /clusters/{name}/...} is the cluster {@code name}), and the action
 * is {@code <resource>.<verb>}: {@code create} (POST to a collection), {@code update} (PATCH), {@code set} (PUT),
 * {@code delete}, or the command the path ends with ({@code cluster.cordon}, {@code rollout.pause}). A POST to a
 * nested collection creates one of it ({@code revision.create} on its application); a PUT or DELETE of a nested
 * singleton names it ({@code maintenance-window.set}). A call no handler serves is {@code unrouted}.
 */
final class AuditActions {

    static final String API = "/api/v1/";
    static final String UNROUTED = "unrouted";

    /** The action and the resource it acts on (id null when not known yet: a creation before its answer). */
    record Target(String action, String type, String id) {

        /** The same target with the id of the created resource. */
        Target created(String createdId) {
            return id != null || createdId == null ? this : new Target(action, type, createdId);
        }

        boolean creates() {
            return action.endsWith(".create") && id == null;
        }
    }

    private AuditActions() {
    }

    /**
     * The resource a request path names before any handler ran: the first collection and the segment after it
     * ({@code /upgrades/campaigns/{id}} is an upgrade campaign), type and id each null when absent.
     */
    static Target resourceOf(String uri) {
        List<String> segments = segments(uri);
        if (segments.isEmpty()) {
            return new Target(UNROUTED, null, null);
        }
        if (segments.get(0).equals("upgrades") && segments.size() > 1 && segments.get(1).equals("campaigns")) {
            return new Target(UNROUTED, "upgrade-campaign", segments.size() > 2 ? segments.get(2) : null);
        }
        return new Target(UNROUTED, singular(segments.get(0)), segments.size() > 1 ? segments.get(1) : null);
    }

    /**
     * @param pattern the handler's best-matching path pattern, null when none matched
     * @param variables the path variables Spring extracted
     * @param uri the request's path, for the resource of an unrouted call
     */
    static Target of(String method, String pattern, Map<String, String> variables, String uri) {
        if (pattern == null || !pattern.startsWith(API)) {
            return resourceOf(uri);
        }
        List<String> segments = segments(pattern.replaceAll("\\{(\\w+):[^}]*}", "{$1}"));
        int at = 1;
        String type = singular(segments.get(0));
        if (segments.get(0).equals("upgrades") && (segments.size() == 1
                || segments.size() > 1 && segments.get(1).equals("campaigns"))) {
            type = "upgrade-campaign";
            at = segments.size() > 1 ? 2 : 1;
        }
        String id = null;
        if (at < segments.size() && isVariable(segments.get(at))) {
            id = variables.get(name(segments.get(at)));
            at++;
        }
        if (at >= segments.size()) {
            return new Target(type + "." + (id == null && method.equals("POST") ? "create" : verb(method)), type, id);
        }
        String next = segments.get(at);
        if (isVariable(next)) {
            return new Target(type + "." + variables.get(name(next)), type, id);
        }
        if (method.equals("POST")) {
            return new Target(next.endsWith("s") ? singular(next) + ".create" : type + "." + next, type, id);
        }
        return new Target(next + "." + verb(method), type, id);
    }

    /** The id of a created resource: the last segment of its {@code Location}, else its id or name in the answer. */
    static String createdId(String location, JsonNode answer) {
        if (location != null && !location.isBlank()) {
            String path = location.replaceAll("[?#].*$", "");
            return path.substring(path.lastIndexOf('/') + 1);
        }
        if (answer == null) {
            return null;
        }
        for (JsonNode node : List.of(answer, answer.path("cluster"), answer.path("campaign"))) {
            if (node.path("id").isNumber() || node.path("id").isString()) {
                return node.path("id").asString();
            }
            if (node.path("name").isString()) {
                return node.path("name").asString();
            }
        }
        return null;
    }

    private static String verb(String method) {
        return switch (method) {
            case "PATCH" -> "update";
            case "PUT" -> "set";
            case "DELETE" -> "delete";
            default -> method.toLowerCase(Locale.ROOT);
        };
    }

    private static List<String> segments(String path) {
        String rest = path.startsWith(API) ? path.substring(API.length()) : path.replaceFirst("^/+", "");
        return Arrays.stream(rest.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean isVariable(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    private static String name(String variable) {
        return variable.substring(1, variable.length() - 1);
    }

    private static String singular(String collection) {
        if (collection.endsWith("ies")) {
            return collection.substring(0, collection.length() - 3) + "y";
        }
        return collection.endsWith("s") ? collection.substring(0, collection.length() - 1) : collection;
    }
}
