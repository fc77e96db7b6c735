package dev.flotilla.meta.audit;

import dev.flotilla.meta.concurrency.Preconditions;
import dev.flotilla.meta.concurrency.ResourceVersions;
import dev.flotilla.meta.idempotency.IdempotencyKeys;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.BodyLimits;
import dev.flotilla.meta.web.CachedBodyRequest;
import dev.flotilla.meta.web.DatabaseOutage;
import dev.flotilla.meta.web.FlotillaException;
import dev.flotilla.meta.web.ProblemDetails;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Runs every mutating portal call (POST, PUT, PATCH, DELETE under {@code /api/v1}) in one transaction that the
 * services' {@code @Transactional} methods join: the {@code Idempotency-Key} claim, the {@code If-Match} check under
 * the row's lock, the handler, the stored idempotent answer and the audit record commit together or not at all. The
 * answer is held back until the commit, so a caller never sees a success that did not commit. A call answered 4xx or
 * 5xx rolls back whatever it wrote and leaves a failure record in a transaction of its own. A GET of a versioned
 * resource gets its {@code ETag}.
 */
final class ApiWriteFilter extends OncePerRequestFilter {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Logger log = LoggerFactory.getLogger(ApiWriteFilter.class);

    private final TransactionTemplate change;
    private final TransactionTemplate own;
    private final AuditLog audit;
    private final AuditedCalls calls;
    private final IdempotencyKeys idempotency;
    private final Preconditions preconditions;
    private final ResourceVersions versions;
    private final ApiWriteProperties properties;

    ApiWriteFilter(TransactionTemplate change, TransactionTemplate own, AuditLog audit, AuditedCalls calls,
            IdempotencyKeys idempotency, Preconditions preconditions, ResourceVersions versions,
            ApiWriteProperties properties) {
        this.change = change;
        this.own = own;
        this.audit = audit;
        this.calls = calls;
        this.idempotency = idempotency;
        this.preconditions = preconditions;
        this.versions = versions;
        this.properties = properties;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        if (!uri.startsWith(AuditActions.API) || caller() == null) {
            return true;
        }
        String method = request.getMethod();
        return !WRITES.contains(method) && !(method.equals("GET") && ResourceVersions.at(uri).isPresent());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getMethod().equals("GET")) {
            read(request, response, chain);
            return;
        }
        byte[] body = BodyLimits.readOrRefuse(request, response);
        if (body == null) {
            return;
        }
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        AuditedCall call = calls.start(new CachedBodyRequest(request, body), caller(), answer);
        try {
            if (!Boolean.TRUE.equals(change.execute(tx -> run(call, chain, tx)))) {
                recordFailure(call);
            }
        } catch (Escaped e) {
            answer.setStatus(500);
            recordFailure(call);
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw (ServletException) e.getCause();
        } catch (RuntimeException e) {
            if (fail(answer, e)) {
                // the database is out of reach: a failure record would only wait out the pool's timeout again
                log.warn("Not recorded in the audit log (database unavailable): {} {} of {}, answered 503",
                        call.method(), call.uri(), call.caller().tokenName());
            } else {
                recordFailure(call);
            }
        }
        answer.copyBodyToResponse();
    }

    /** The call in the change's transaction: true when it is to commit, false when it rolls back. */
    private boolean run(AuditedCall call, FilterChain chain, TransactionStatus tx) {
        calls.lookUpTenant(call);
        Optional<IdempotencyKeys.Fresh> fresh;
        try {
            Optional<IdempotencyKeys.Claim> claim = claim(call);
            if (claim.isPresent() && !(claim.get() instanceof IdempotencyKeys.Fresh)) {
                return settle(call, claim.get(), tx);
            }
            fresh = claim.map(IdempotencyKeys.Fresh.class::cast);
        } catch (FlotillaException e) {
            return refuse(call, problem(e), tx);
        }
        Optional<ProblemDetail> refused = preconditions.check(call.caller(), call.method(), call.uri(),
                call.request().getHeader(HttpHeaders.IF_MATCH), properties.requireIfMatch());
        if (refused.isPresent()) {
            return refuse(call, refused.get(), tx);
        }
        try {
            chainOn(call, chain);
        } catch (IOException | ServletException e) {
            throw new Escaped(e);
        }
        if (call.answer().getStatus() >= 400) {
            tx.setRollbackOnly();
            return false;
        }
        calls.tag(call, versions);
        fresh.ifPresent(claim -> idempotency.store(claim, calls.stored(call)));
        audit.record(calls.entry(call, false));
        return true;
    }

    private Optional<IdempotencyKeys.Claim> claim(AuditedCall call) {
        String key = IdempotencyKeys.key(call.request().getHeader(IDEMPOTENCY_KEY));
        if (key == null || !call.method().equals("POST")) {
            return Optional.empty();
        }
        return Optional.of(idempotency.claim(call.caller().tokenName(), key, calls.fingerprint(call),
                properties.idempotencyTtl(), properties.idempotencyWait()));
    }

    /** A claimed key that does not go ahead: the first answer again, or a refusal. */
    private boolean settle(AuditedCall call, IdempotencyKeys.Claim claim, TransactionStatus tx) {
        if (claim instanceof IdempotencyKeys.Replay replay) {
            calls.replay(call, replay.answer());
            audit.record(calls.entry(call, true));
            return true;
        }
        if (claim instanceof IdempotencyKeys.Mismatch) {
            return refuse(call, withField(ProblemDetails.of(422, "idempotency-key-reused", "Idempotency-Key reused",
                    "this Idempotency-Key was used for a different request (method, path or body) in the last "
                            + properties.idempotencyTtl().toHours() + " hours: use a new key for a new request")), tx);
        }
        call.answer().setHeader(HttpHeaders.RETRY_AFTER, "1");
        return refuse(call, withField(ProblemDetails.of(409, "idempotency-key-in-flight", "Idempotency-Key in flight",
                "a request with this Idempotency-Key is still being processed: retry after it answered")), tx);
    }

    private boolean refuse(AuditedCall call, ProblemDetail problem, TransactionStatus tx) {
        tx.setRollbackOnly();
        try {
            ProblemDetails.write(call.answer(), problem);
        } catch (IOException e) {
            throw new Escaped(e);
        }
        return false;
    }

    private static void chainOn(AuditedCall call, FilterChain chain) throws IOException, ServletException {
        chain.doFilter(call.request(), call.answer());
    }

    /** A GET of a versioned resource: its tag as it was before the read (a later change then fails If-Match). */
    private void read(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> tag = Optional.empty();
        try {
            tag = ResourceVersions.at(request.getRequestURI()).flatMap(r -> versions.currentTag(caller(), r, false));
        } catch (RuntimeException e) {
            log.debug("No ETag for {}: {}", request.getRequestURI(), e.toString());
        }
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, answer);
        if (tag.isPresent() && answer.getStatus() == 200) {
            answer.setHeader(HttpHeaders.ETAG, tag.get());
        }
        answer.copyBodyToResponse();
    }

    /**
     * The transaction could not start or commit: the buffered answer is replaced, nothing of it stands. Answers
     * whether the database is out of reach (503).
     */
    private static boolean fail(ContentCachingResponseWrapper answer, RuntimeException e) throws IOException {
        answer.reset();
        if (DatabaseOutage.causedBy(e)) {
            DatabaseOutage.write(answer);
            return true;
        }
        log.error("A write failed to commit", e);
        ProblemDetails.write(answer, ProblemDetails.of(500, "internal", "Internal error",
                "an unexpected error occurred; nothing of the change was kept"));
        return false;
    }

    private void recordFailure(AuditedCall call) {
        if (call.answer().getStatus() == 503 && new String(call.answer().getContentAsByteArray(),
                java.nio.charset.StandardCharsets.UTF_8).contains("/database-unavailable")) {
            log.warn("Not recorded in the audit log (database unavailable): {} {} of {}, answered 503",
                    call.method(), call.uri(), call.caller().tokenName());
            return;
        }
        try {
            own.executeWithoutResult(tx -> audit.record(calls.entry(call, false)));
        } catch (RuntimeException e) {
            log.warn("Could not record the failed call {} {} of {} in the audit log: {}", call.method(), call.uri(),
                    call.caller().tokenName(), e.toString());
        }
    }

    private static ProblemDetail problem(FlotillaException e) {
        ProblemDetail problem = ProblemDetails.of(e.problem().status(), e.problem().type(), e.problem().title(),
                e.getMessage());
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    private static ProblemDetail withField(ProblemDetail problem) {
        problem.setProperty("field", IDEMPOTENCY_KEY);
        return problem;
    }

    static ApiCaller caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof ApiCaller caller ? caller : null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> variables(HttpServletRequest request) {
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return variables instanceof Map<?, ?> map ? (Map<String, String>) map : Collections.emptyMap();
    }

    /** A servlet or I/O failure of the handler, carried out of the transaction callback. */
    private static final class Escaped extends RuntimeException {
        Escaped(Exception cause) {
            super(cause);
        }
    }
}
