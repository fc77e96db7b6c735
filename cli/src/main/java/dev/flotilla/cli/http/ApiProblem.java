package dev.flotilla.cli.http;

import dev.flotilla.cli.CliException;
import dev.flotilla.cli.ExitCode;
import java.util.Set;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;

/**
 * An answer of 400 or above, printed readably: {@code 409 Conflict: a cluster named 'x' already exists
 * (cluster: x)} from an RFC 9457 problem document, or the status and the body's start otherwise.
 */
public final class ApiProblem extends CliException {

    private static final Set<String> STANDARD = Set.of("type", "title", "status", "detail", "instance");

    private final int status;

    ApiProblem(int status, String message) {
        super(exitCode(status), message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static ApiProblem of(String method, String path, int status, JsonNode problem, String raw) {
        if (problem == null || !problem.isObject()) {
            String body = raw == null ? "" : raw.strip();
            return new ApiProblem(status, method + " " + path + " answered " + status
                    + (body.isEmpty() ? "" : ": " + (body.length() > 300 ? body.substring(0, 300) + "..." : body)));
        }
        StringBuilder message = new StringBuilder().append(status).append(' ')
                .append(problem.path("title").asString("Error"));
        String detail = problem.path("detail").asString("");
        if (!detail.isEmpty()) {
            message.append(": ").append(detail);
        }
        StringJoiner extensions = new StringJoiner(", ", " (", ")").setEmptyValue("");
        problem.properties().forEach(field -> {
            if (!STANDARD.contains(field.getKey())) {
                JsonNode value = field.getValue();
                extensions.add(field.getKey() + ": " + (value.isValueNode() ? value.asString() : value.toString()));
            }
        });
        return new ApiProblem(status, message.append(extensions).toString());
    }

    private static int exitCode(int status) {
        if (status == 401 || status == 403) {
            return ExitCode.UNAUTHORIZED;
        }
        return status >= 500 ? ExitCode.UNAVAILABLE : ExitCode.REFUSED;
    }
}
