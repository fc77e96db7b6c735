package dev.flotilla.meta.audit;

import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the audit log keeps of a request: method, path, query and the JSON body with every secret-looking value
 * replaced by {@code [redacted]}, long strings and arrays shortened, and the whole capped at a number of characters
 * (a body too long even then is kept as its shortened text). Always valid JSON.
 */
final class RequestSummary {

    static final String REDACTED = "[redacted]";
    /** Field names whose values are credentials: tokens, secrets, passwords, keys, certificates. */
    private static final Pattern SECRET = Pattern.compile("(?i).*(secret|password|passwd|token|credential|private"
            + "|apikey|api_key|api-key|accesskey|authorization|certificate).*");
    private static final int MAX_STRING = 256;
    private static final int MAX_ITEMS = 50;
    private static final int MAX_DEPTH = 8;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RequestSummary() {
    }

    static String of(String method, String path, String query, byte[] body, String contentType, int maxChars) {
        ObjectNode summary = NODES.objectNode().put("method", method).put("path", path);
        if (query != null && !query.isEmpty()) {
            summary.put("query", shorten(query, MAX_STRING));
        }
        if (body != null && body.length > 0) {
            summary.set("body", body(body, contentType));
        }
        String text = JSON.writeValueAsString(summary);
        if (text.length() <= maxChars) {
            return text;
        }
        String bodyText = summary.has("body") ? JSON.writeValueAsString(summary.get("body")) : "";
        int room = Math.max(0, maxChars - (text.length() - bodyText.length()) - 32);
        summary.put("body", shorten(bodyText, room)).put("bodyBytes", body == null ? 0 : body.length);
        return JSON.writeValueAsString(summary);
    }

    private static JsonNode body(byte[] body, String contentType) {
        try {
            return redact(JSON.readTree(body), 0);
        } catch (RuntimeException notJson) {
            return NODES.stringNode("[" + body.length + " bytes" + (contentType == null ? "" : " of " + contentType)
                    + ", not JSON]");
        }
    }

    static JsonNode redact(JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            return NODES.stringNode("...");
        }
        if (node.isObject()) {
            boolean kubernetesSecret = "Secret".equals(node.path("kind").asString(""));
            ObjectNode copy = NODES.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = field.getKey();
                boolean secret = SECRET.matcher(name).matches() && !field.getValue().isBoolean()
                        || kubernetesSecret && (name.equals("data") || name.equals("stringData"));
                copy.set(name, secret ? NODES.stringNode(REDACTED) : redact(field.getValue(), depth + 1));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            for (int i = 0; i < Math.min(node.size(), MAX_ITEMS); i++) {
                copy.add(redact(node.get(i), depth + 1));
            }
            if (node.size() > MAX_ITEMS) {
                copy.add("... " + (node.size() - MAX_ITEMS) + " more");
            }
            return copy;
        }
        if (node.isString()) {
            return NODES.stringNode(shorten(node.asString(), MAX_STRING));
        }
        return node;
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
