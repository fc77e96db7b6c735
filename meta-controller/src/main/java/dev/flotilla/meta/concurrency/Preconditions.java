package dev.flotilla.meta.concurrency;

import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.ProblemDetails;
import java.util.Optional;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Evaluates {@code If-Match} on a write of a versioned resource, inside the write's transaction and under the row's
 * lock: a stale tag is 412, a missing one 428 when the server requires it ({@code flotilla.api.require-if-match})
 * and the resource exists (a PUT that creates a window has no version to name yet), a malformed one 400.
 */
@Component
public class Preconditions {

    private final ResourceVersions versions;

    Preconditions(ResourceVersions versions) {
        this.versions = versions;
    }

    /** The problem refusing the write, or empty to go ahead. Call inside the write's transaction. */
    public Optional<ProblemDetail> check(ApiCaller caller, String method, String uri, String ifMatch,
            boolean required) {
        Optional<ResourceVersions.Resource> resource = ResourceVersions.writtenBy(method, uri);
        if (resource.isEmpty() || ifMatch == null && !required) {
            return Optional.empty();
        }
        EntityTags.Condition condition;
        try {
            condition = ifMatch == null ? null : EntityTags.parse(ifMatch);
        } catch (IllegalArgumentException e) {
            ProblemDetail bad = ProblemDetails.of(400, "bad-input", "Bad input", "header 'If-Match': " + e.getMessage());
            bad.setProperty("field", "If-Match");
            return Optional.of(bad);
        }
        Optional<String> current = versions.currentTag(caller, resource.get(), true);
        if (condition == null) {
            return current.map(tag -> problem(428, "precondition-required", "Precondition required",
                    "this server requires If-Match on writes: send the ETag of your last read of "
                            + describe(resource.get()), tag));
        }
        if (!condition.holds(current)) {
            return Optional.of(problem(412, "precondition-failed", "Precondition failed", current.isEmpty()
                    ? describe(resource.get()) + " does not exist, so If-Match '" + ifMatch + "' cannot hold"
                    : describe(resource.get()) + " changed since you read it: it is now " + current.get()
                            + ", not " + ifMatch + "; read it again and retry", current.orElse(null)));
        }
        return Optional.empty();
    }

    private static ProblemDetail problem(int status, String type, String title, String detail, String current) {
        ProblemDetail problem = ProblemDetails.of(status, type, title, detail);
        if (current != null) {
            problem.setProperty("etag", current);
        }
        return problem;
    }

    private static String describe(ResourceVersions.Resource resource) {
        String kind = resource.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return switch (resource.kind()) {
            case MAINTENANCE_WINDOW, CONTROL_PLANE -> "the " + kind + " of cluster '" + resource.name() + "'";
            default -> kind + " '" + resource.name() + "'";
        };
    }
}
