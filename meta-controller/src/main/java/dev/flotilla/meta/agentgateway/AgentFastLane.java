package dev.flotilla.meta.agentgateway;

import dev.flotilla.api.agent.StatusReports;
import dev.flotilla.meta.cluster.AgentCaller;
import dev.flotilla.meta.cluster.AgentCredentials;
import dev.flotilla.meta.ratelimit.RateLimitFilter;
import dev.flotilla.meta.ratelimit.RateLimits;
import dev.flotilla.meta.token.Secrets;
import dev.flotilla.meta.web.BearerTokenFilter;
import dev.flotilla.meta.web.BodyLimits;
import dev.flotilla.meta.web.CachedBodyRequest;
import dev.flotilla.meta.web.DatabaseOutage;
import dev.flotilla.meta.web.RecordConstraints;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent API's three busiest calls, answered ahead of Spring Security and Spring MVC: {@code POST /agent/v1/status},
 * {@code GET /agent/v1/work} and {@code GET /agent/v1/ping}. In a flight recording of a 10,000-cluster rollout 40% of
 * the meta-controller's samples were under the dispatcher servlet (argument resolvers, method validation, the
 * controller) and another 10% in the security filters, for calls that do little more than hand a report to the
 * status writer or park a poll (docs/benchmarks.md, change 30).
 *
 * <p>Only a well-formed call from a known agent is answered here, exactly as {@link AgentController} answers it, and
 * after the same steps: the protocol check and the request limits (the filters before this one), the agent token
 * ({@link AgentCredentials}), the agent's request budget ({@link RateLimits}; 429 as {@link RateLimitFilter}), the
 * body read with the application's JSON mapper and checked against its validator's constraints (compiled once,
 * {@link RecordConstraints}). Every other call goes on through the usual filters to the controller, which gives the
 * answers that are not the happy path their one source: a missing, unknown or non-agent token (401, 403), a body that
 * does not parse or validate or a parameter out of range (400 naming it), another media type (415). Such a call has
 * been counted against its budget once ({@link RateLimitFilter#COUNTED}) and its body is read again from what this
 * filter read.
 *
 * <p>Answers carry the headers Spring Security's defaults write on every other answer ({@link #SECURITY_HEADERS}).
 */
final class AgentFastLane extends OncePerRequestFilter {

    static final String STATUS = "/agent/v1/status";
    static final String WORK = "/agent/v1/work";
    static final String PING = "/agent/v1/ping";

    /** Spring Security's default response headers (an HTTP connection: no HSTS), as on every other answer. */
    static final String[][] SECURITY_HEADERS = {
            {"X-Content-Type-Options", "nosniff"},
            {"X-XSS-Protection", "0"},
            {"Cache-Control", "no-cache, no-store, max-age=0, must-revalidate"},
            {"Pragma", "no-cache"},
            {"Expires", "0"},
            {"X-Frame-Options", "DENY"},
    };

    private final AgentCredentials agents;
    private final RateLimits limits;
    private final JsonMapper json;
    private final Validator validator;
    /** The report batch's constraints compiled from the validator's metadata; empty: the validator itself. */
    private final Optional<RecordConstraints<StatusReports>> reportConstraints;
    private final WorkPolls polls;
    private final StatusRouter status;
    private final Heartbeats heartbeats;
    private final int defaultTimeoutSeconds;

    AgentFastLane(AgentCredentials agents, RateLimits limits, JsonMapper json, Validator validator, WorkPolls polls,
            StatusRouter status, Heartbeats heartbeats, int defaultTimeoutSeconds) {
        this.agents = agents;
        this.limits = limits;
        this.json = json;
        this.validator = validator;
        this.reportConstraints = RecordConstraints.of(validator, StatusReports.class);
        this.polls = polls;
        this.status = status;
        this.heartbeats = heartbeats;
        this.defaultTimeoutSeconds = defaultTimeoutSeconds;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getDispatcherType() != DispatcherType.REQUEST || route(request) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String route = route(request);
        String secret = BearerTokenFilter.bearer(request.getHeader("Authorization"));
        if (secret == null || !secret.startsWith(Secrets.AGENT_PREFIX)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<AgentCaller> caller;
        try {
            caller = agents.resolve(secret);
        } catch (RuntimeException e) {
            if (!DatabaseOutage.causedBy(e)) {
                throw e;
            }
            DatabaseOutage.write(response);
            return;
        }
        if (caller.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        AgentCaller agent = caller.get();
        Optional<RateLimits.Refusal> refusal = limits.check(agent);
        if (refusal.isPresent()) {
            RateLimitFilter.refuse(response, refusal.get());
            return;
        }
        request.setAttribute(RateLimitFilter.COUNTED, Boolean.TRUE);
        switch (route) {
            case PING -> {
                securityHeaders(response);
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            }
            case WORK -> work(agent, request, response, chain);
            default -> status(agent, request, response, chain);
        }
    }

    /** Which of the three calls this is, or null. */
    static String route(HttpServletRequest request) {
        String path = request.getRequestURI();
        String method = request.getMethod();
        if ("POST".equals(method)) {
            return STATUS.equals(path) ? STATUS : null;
        }
        if ("GET".equals(method)) {
            return WORK.equals(path) ? WORK : PING.equals(path) ? PING : null;
        }
        return null;
    }

    /** As {@link AgentController#work}; parameters it would refuse go on to it. */
    private void work(AgentCaller agent, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long generation = parameter(request, "generation", 0, Long.MAX_VALUE, 0);
        long timeout = parameter(request, "timeoutSeconds", 1, 60, defaultTimeoutSeconds);
        if (generation < 0 || timeout < 0) {
            chain.doFilter(request, response);
            return;
        }
        securityHeaders(response);
        CompletableFuture<ResponseEntity<?>> answer;
        try {
            answer = polls.poll(agent, generation, (int) timeout);
        } catch (RuntimeException e) {
            // the database down while reading the generation: answered as the controller's exception handler does
            answer = CompletableFuture.failedFuture(e);
        }
        AgentAnswers.answerPoll(request, answer, (int) timeout);
    }

    /** As {@link AgentController#status}; a body it would refuse goes on to it. */
    private void status(AgentCaller agent, HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws ServletException, IOException {
        if (!json(request.getContentType())) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = BodyLimits.readOrRefuse(request, response);
        if (body == null) {
            return;
        }
        StatusReports reports = readable(body);
        if (reports == null) {
            chain.doFilter(new CachedBodyRequest(request, body), response);
            return;
        }
        securityHeaders(response);
        heartbeats.beat(agent.clusterId());
        CompletableFuture<Void> committed;
        try {
            committed = status.submit(agent, reports.reports());
        } catch (RuntimeException e) {
            // a workId no receiver owns, a full queue: answered as the controller's exception handler answers it
            committed = CompletableFuture.failedFuture(e);
        }
        AgentAnswers.answerReports(request, committed, status.commitWait());
    }

    /** The reports, if the body parses and validates as Spring MVC would take it; else null. */
    private StatusReports readable(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        StatusReports reports;
        try {
            reports = json.readValue(body, StatusReports.class);
        } catch (RuntimeException e) {
            return null;
        }
        if (reports == null) {
            return null;
        }
        // a batch the compiled check does not pass goes to the controller, whose validation names the problem
        boolean valid = reportConstraints.isPresent() ? reportConstraints.get().valid(reports)
                : validator.validate(reports).isEmpty();
        return valid ? reports : null;
    }

    /**
     * A whole-number parameter within {@code min..max}, {@code absent} when the request has none; -1 when it is
     * anything else (repeated, empty, not digits, out of range), which the controller then refuses by name.
     */
    static long parameter(HttpServletRequest request, String name, long min, long max, long absent) {
        String[] values = request.getParameterValues(name);
        if (values == null) {
            return absent;
        }
        if (values.length != 1 || values[0].isEmpty() || values[0].length() > 19) {
            return -1;
        }
        String value = values[0];
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return -1;
            }
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;   // past Long.MAX_VALUE
        }
        return parsed < min || parsed > max ? -1 : parsed;
    }

    /** {@code application/json}, with or without parameters: what Spring MVC reads a JSON body from here. */
    static boolean json(String contentType) {
        if (contentType == null) {
            return false;
        }
        int end = contentType.indexOf(';');
        String type = (end < 0 ? contentType : contentType.substring(0, end)).strip();
        return type.equalsIgnoreCase("application/json");
    }

    private static void securityHeaders(HttpServletResponse response) {
        for (String[] header : SECURITY_HEADERS) {
            response.setHeader(header[0], header[1]);
        }
    }
}
