package dev.flotilla.meta.web;

import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds problem details with Flotilla's stable type URIs. */
public final class ProblemDetails {

    public static final String TYPE_BASE = "https://flotilla.dev/problems/";

    private ProblemDetails() {
    }

    public static ProblemDetail of(int status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }
}
