package dev.flotilla.meta.web;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One operation of the service: its method and path template, its path and query parameters (schemas resolved)
 * and the schema of its JSON body (null without one). {@code documented} is false for an operation Spring serves
 * that the OpenAPI document leaves out.
 */
record ApiOperation(String method, String path, List<Parameter> parameters, JsonNode bodySchema,
        List<String> consumes, boolean documented) {

    /** A path or query parameter with its resolved schema. */
    record Parameter(String name, String in, JsonNode schema) {
        String type() {
            return schema.path("type").asString("string");
        }
    }

    String id() {
        return method + " " + path;
    }

    boolean agentApi() {
        return path.startsWith("/agent/");
    }

    boolean hasBody() {
        return bodySchema != null;
    }

    List<Parameter> in(String where) {
        return parameters.stream().filter(p -> p.in().equals(where)).toList();
    }
}
