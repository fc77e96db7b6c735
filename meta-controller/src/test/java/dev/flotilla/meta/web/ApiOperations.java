package dev.flotilla.meta.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every operation the service serves: those of its live OpenAPI document, joined with every Flotilla handler
 * Spring's request mapping knows, so an endpoint the document leaves out (or a new one) is walked all the same.
 */
final class ApiOperations {

    private final JsonNode schemas;
    private final Map<String, ApiOperation> operations = new TreeMap<>();

    private ApiOperations(JsonNode document) {
        this.schemas = document.path("components").path("schemas");
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op ->
                add(fromDocument(op.getKey().toUpperCase(), path.getKey(), op.getValue()))));
    }

    /** The document's operations plus those only the handler mapping names. */
    static ApiOperations of(JsonNode document, Map<RequestMappingInfo, HandlerMethod> handlers) {
        ApiOperations all = new ApiOperations(document);
        handlers.forEach((info, handler) -> {
            if (!handler.getBeanType().getPackageName().startsWith("dev.flotilla.meta")
                    || handler.getBeanType().getSimpleName().equals("ProblemErrorController")) {
                return;
            }
            for (String pattern : info.getPatternValues()) {
                String path = pattern.replaceAll("\\{(\\w+):[^}]*}", "{$1}");
                for (var method : info.getMethodsCondition().getMethods()) {
                    all.operations.putIfAbsent(method.name() + " " + path, undocumented(method.name(), path));
                }
            }
        });
        return all;
    }

    List<ApiOperation> all() {
        return operations.values().stream().sorted(Comparator.comparing(ApiOperation::id)).toList();
    }

    /** A schema with its {@code $ref} followed (the empty schema for none). */
    JsonNode resolve(JsonNode schema) {
        JsonNode at = schema == null ? JsonNodeFactory.instance.objectNode() : schema;
        while (at.has("$ref")) {
            at = schemas.path(at.path("$ref").asString().substring("#/components/schemas/".length()));
        }
        return at;
    }

    private void add(ApiOperation op) {
        operations.put(op.id(), op);
    }

    private ApiOperation fromDocument(String method, String path, JsonNode op) {
        List<ApiOperation.Parameter> parameters = new ArrayList<>();
        for (JsonNode p : op.path("parameters")) {
            String in = p.path("in").asString();
            JsonNode schema = resolve(p.path("schema"));
            if (in.equals("query") && schema.has("properties")) {
                // a bound object (a filter record): its properties are the real query parameters
                schema.path("properties").properties().forEach(prop ->
                        parameters.add(new ApiOperation.Parameter(prop.getKey(), in, resolve(prop.getValue()))));
            } else if (in.equals("path") || in.equals("query")) {
                parameters.add(new ApiOperation.Parameter(p.path("name").asString(), in, schema));
            }
        }
        JsonNode content = op.path("requestBody").path("content");
        List<String> consumes = new ArrayList<>();
        content.properties().forEach(e -> consumes.add(e.getKey()));
        JsonNode body = consumes.isEmpty() ? null : bodySchema(method, path, content.path(consumes.get(0)));
        return new ApiOperation(method, path, List.copyOf(parameters), body, List.copyOf(consumes), true);
    }

    /** The body schema; a merge patch is typed as a bare JSON node, so its fields come from the cluster's. */
    private JsonNode bodySchema(String method, String path, JsonNode content) {
        JsonNode schema = resolve(content.path("schema"));
        if (!method.equals("PATCH")) {
            return schema;
        }
        ObjectNode patch = JsonNodeFactory.instance.objectNode().put("type", "object");
        ObjectNode properties = patch.putObject("properties");
        JsonNode cluster = resolve(JsonNodeFactory.instance.objectNode().put("$ref", "#/components/schemas/NewCluster"));
        for (String field : Set.of("tenant", "region", "zone", "labels")) {
            properties.set(field, cluster.path("properties").path(field));
        }
        return patch;
    }

    private static ApiOperation undocumented(String method, String path) {
        List<ApiOperation.Parameter> parameters = new ArrayList<>();
        var matcher = java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(path);
        while (matcher.find()) {
            parameters.add(new ApiOperation.Parameter(matcher.group(1), "path",
                    JsonNodeFactory.instance.objectNode().put("type", "string")));
        }
        boolean body = Set.of("POST", "PUT", "PATCH").contains(method);
        return new ApiOperation(method, path, List.copyOf(parameters),
                body ? JsonNodeFactory.instance.objectNode().put("type", "object") : null,
                body ? List.of(FuzzCase.JSON) : List.of(), false);
    }
}
