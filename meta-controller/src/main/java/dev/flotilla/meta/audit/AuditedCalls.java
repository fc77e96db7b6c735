package dev.flotilla.meta.audit;

import dev.flotilla.meta.concurrency.ResourceVersions;
import dev.flotilla.meta.idempotency.IdempotencyKeys;
import dev.flotilla.meta.idempotency.StoredAnswer;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.CachedBodyRequest;
import dev.flotilla.meta.web.ProblemDetails;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.ServletRequestPathUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** What {@link ApiWriteFilter} learns about a call and makes of its answer: audit entry, tag, stored answer. */
@Component
class AuditedCalls {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_PARSED_ANSWER = 1024 * 1024;

    private final ObjectProvider<RequestMappingHandlerMapping> mappings;
    private final ResourceTenants tenants;
    private final ApiWriteProperties properties;

    AuditedCalls(@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings,
            ResourceTenants tenants, ApiWriteProperties properties) {
        this.mappings = mappings;
        this.tenants = tenants;
        this.properties = properties;
    }

    /** The call with the handler Spring will map it to, so a call refused before its handler is named too. */
    AuditedCall start(CachedBodyRequest request, ApiCaller caller, ContentCachingResponseWrapper answer) {
        String pattern = null;
        Map<String, String> variables = Map.of();
        try {
            ServletRequestPathUtils.parseAndCache(request);
            if (mappings.getObject().getHandler(request) != null) {
                Object best = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
                pattern = best == null ? null : best.toString();
                variables = ApiWriteFilter.variables(request);
            }
        } catch (Exception noHandler) {
            // a wrong method or media type: the dispatcher answers it, the record names the call unrouted
        }
        return new AuditedCall(request, caller, answer, pattern, variables);
    }

    /** The tenant of the resource: the caller's own when scoped, else the resource's as it stands before the call. */
    void lookUpTenant(AuditedCall call) {
        if (call.caller().tenant() != null) {
            call.tenant(call.caller().tenant());
            return;
        }
        AuditActions.Target target = call.target();
        call.tenant(tenants.of(target.type(), target.id()).orElse(null));
    }

    /** The request's fingerprint for its Idempotency-Key: method, path, query and the body with keys sorted. */
    String fingerprint(AuditedCall call) {
        byte[] body = call.request().body();
        byte[] canonical;
        try {
            canonical = JSON.writeValueAsBytes(sorted(JSON.readTree(body)));
        } catch (RuntimeException notJson) {
            canonical = body;
        }
        String query = call.request().getQueryString();
        return IdempotencyKeys.fingerprint(call.method(), call.uri() + (query == null ? "" : "?" + query), canonical);
    }

    /** Sets the {@code ETag} of a written or created versioned resource, read in the write's transaction. */
    void tag(AuditedCall call, ResourceVersions versions) {
        int status = call.answer().getStatus();
        Optional<ResourceVersions.Resource> resource = Optional.empty();
        if ((call.method().equals("PUT") || call.method().equals("PATCH")) && status < 300) {
            resource = ResourceVersions.at(call.uri());
        } else if (call.method().equals("POST") && status == 201) {
            resource = createdPath(call).flatMap(ResourceVersions::at);
        }
        resource.flatMap(r -> versions.currentTag(call.caller(), r, false))
                .ifPresent(tag -> call.answer().setHeader(HttpHeaders.ETAG, tag));
    }

    StoredAnswer stored(AuditedCall call) {
        ContentCachingResponseWrapper answer = call.answer();
        return new StoredAnswer(answer.getStatus(), answer.getHeader(HttpHeaders.LOCATION),
                answer.getHeader(HttpHeaders.ETAG), answer.getContentType(), answer.getContentAsByteArray());
    }

    /** Answers the stored first answer again. */
    void replay(AuditedCall call, StoredAnswer stored) {
        ContentCachingResponseWrapper answer = call.answer();
        answer.setStatus(stored.status());
        if (stored.location() != null) {
            answer.setHeader(HttpHeaders.LOCATION, stored.location());
        }
        if (stored.etag() != null) {
            answer.setHeader(HttpHeaders.ETAG, stored.etag());
        }
        if (stored.contentType() != null) {
            answer.setContentType(stored.contentType());
        }
        answer.setHeader(ApiWriteFilter.REPLAYED, "true");
        try {
            answer.getOutputStream().write(stored.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The audit entry of the call as answered. */
    AuditEntry entry(AuditedCall call, boolean replayed) {
        ContentCachingResponseWrapper answer = call.answer();
        int status = answer.getStatus();
        JsonNode body = answerBody(answer);
        AuditActions.Target target = call.target();
        if (status == 201 && target.creates()) {
            target = target.created(AuditActions.createdId(answer.getHeader(HttpHeaders.LOCATION), body));
        }
        String tenant = call.tenant();
        if (tenant == null && status < 300) {
            tenant = text(body.path("tenant")).or(() -> text(body.path("cluster").path("tenant"))).orElse(null);
        }
        String problemType = status >= 400 ? text(body.path("type"))
                .map(t -> t.startsWith(ProblemDetails.TYPE_BASE) ? t.substring(ProblemDetails.TYPE_BASE.length()) : t)
                .orElse("http-" + status) : null;
        CachedBodyRequest request = call.request();
        String summary = RequestSummary.of(call.method(), call.uri(), request.getQueryString(), request.body(),
                request.getContentType(), properties.auditSummaryChars());
        return new AuditEntry(call.caller().tokenName(), call.caller().displayName(), tenant, target.action(),
                target.type(), target.id(), call.method(), call.uri(), summary, status, problemType, replayed);
    }

    private Optional<String> createdPath(AuditedCall call) {
        String location = call.answer().getHeader(HttpHeaders.LOCATION);
        if (location != null) {
            try {
                return Optional.ofNullable(URI.create(location).getPath());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        String id = AuditActions.createdId(null, answerBody(call.answer()));
        return Optional.ofNullable(id).map(i -> call.uri() + "/" + i);
    }

    private static JsonNode answerBody(ContentCachingResponseWrapper answer) {
        byte[] content = answer.getContentAsByteArray();
        String type = answer.getContentType();
        if (content.length == 0 || content.length > MAX_PARSED_ANSWER || type == null || !type.contains("json")) {
            return JsonNodeFactory.instance.missingNode();
        }
        try {
            return JSON.readTree(content);
        } catch (RuntimeException e) {
            return JsonNodeFactory.instance.missingNode();
        }
    }

    private static Optional<String> text(JsonNode node) {
        return node.isString() ? Optional.of(node.asString()) : Optional.empty();
    }

    private static Object sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> fields = new TreeMap<>();
            node.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
            return fields;
        }
        if (node.isArray()) {
            java.util.List<Object> items = new java.util.ArrayList<>();
            node.forEach(item -> items.add(sorted(item)));
            return items;
        }
        return node;
    }
}
