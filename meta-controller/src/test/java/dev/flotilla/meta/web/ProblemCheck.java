package dev.flotilla.meta.web;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What every answer to a bad request must be: a 4xx (one of the case's expected statuses, if it names any), as
 * {@code application/problem+json} with {@code type}, {@code title}, a {@code status} equal to the HTTP status and a
 * {@code detail} that names the field or parameter the case broke (or its bad value).
 */
final class ProblemCheck {

    private ProblemCheck() {
    }

    /** Why the answer is wrong, or empty when it is right. */
    static Optional<String> of(FuzzCase c, FuzzClient.Answer answer) {
        String problem = problem(c, answer);
        if (problem == null) {
            return Optional.empty();
        }
        String raw = answer.raw().length() > 400 ? answer.raw().substring(0, 400) + "..." : answer.raw();
        return Optional.of(c.operation() + " | " + problem + " | case " + c.describe() + " | answer " + answer.status()
                + " " + answer.contentType() + " " + raw);
    }

    private static String problem(FuzzCase c, FuzzClient.Answer answer) {
        int status = answer.status();
        if (status < 400 || status > 499) {
            return "status " + status + " is not a 4xx";
        }
        if (!c.expected().isEmpty() && !c.expected().contains(status)) {
            return "status " + status + " is not one of " + c.expected();
        }
        if (!answer.contentType().startsWith("application/problem+json")) {
            return "content type '" + answer.contentType() + "' is not application/problem+json";
        }
        JsonNode body = answer.json();
        if (body == null || !body.path("type").isString() || !body.path("title").isString()
                || body.path("status").asInt() != status || body.path("detail").asString("").isBlank()) {
            return "not a complete problem detail (type, title, status, detail)";
        }
        // a 404 (the fixture has no such resource) or a 409 answers before the input is looked at; a 400 must name it
        if (c.target() != null && status == 400) {
            String detail = body.path("detail").asString().toLowerCase(Locale.ROOT);
            boolean named = Arrays.stream(c.target().split("\\|"))
                    .anyMatch(t -> detail.contains(t.toLowerCase(Locale.ROOT)));
            if (!named) {
                return "detail does not name '" + c.target() + "'";
            }
        }
        return null;
    }
}
