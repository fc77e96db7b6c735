package dev.flotilla.meta.audit;

import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.CachedBodyRequest;
import java.util.Map;
import org.springframework.web.util.ContentCachingResponseWrapper;

/** One mutating call on its way through {@link ApiWriteFilter}: the request, who sent it and its held-back answer. */
final class AuditedCall {

    private final CachedBodyRequest request;
    private final ApiCaller caller;
    private final ContentCachingResponseWrapper answer;
    private final String pattern;
    private final Map<String, String> variables;
    private String tenant;

    AuditedCall(CachedBodyRequest request, ApiCaller caller, ContentCachingResponseWrapper answer, String pattern,
            Map<String, String> variables) {
        this.request = request;
        this.caller = caller;
        this.answer = answer;
        this.pattern = pattern;
        this.variables = Map.copyOf(variables);
    }

    CachedBodyRequest request() {
        return request;
    }

    ApiCaller caller() {
        return caller;
    }

    ContentCachingResponseWrapper answer() {
        return answer;
    }

    String method() {
        return request.getMethod();
    }

    String uri() {
        return request.getRequestURI();
    }

    /** The action and resource, from the handler's pattern (null when no handler serves the path). */
    AuditActions.Target target() {
        return AuditActions.of(method(), pattern, variables, uri());
    }

    String tenant() {
        return tenant;
    }

    void tenant(String tenant) {
        this.tenant = tenant;
    }
}
