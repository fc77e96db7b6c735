package dev.flotilla.meta.ratelimit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Counts every authenticated request against its caller's budget ({@link RateLimits}) once it is authorized;
 * one over budget is answered {@code 429 too-many-requests} with {@code Retry-After} (whole seconds, at least 1)
 * and goes no further.
 */
public final class RateLimitFilter extends OncePerRequestFilter {

    static final String TYPE = "https://flotilla.dev/problems/too-many-requests";
    /**
     * Set on a request already counted against its caller's budget (the agent API's fast lane, which then handed it
     * on to the usual filters): it is not counted twice.
     */
    public static final String COUNTED = RateLimitFilter.class.getName() + ".counted";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RateLimits limits;

    public RateLimitFilter(RateLimits limits) {
        this.limits = limits;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Optional<RateLimits.Refusal> refusal = authentication == null || request.getAttribute(COUNTED) != null
                ? Optional.empty()
                : limits.check(authentication.getPrincipal());
        if (refusal.isPresent()) {
            refuse(response, refusal.get());
            return;
        }
        chain.doFilter(request, response);
    }

    /** Answers 429 with {@code Retry-After} for a request over its caller's budget. */
    public static void refuse(HttpServletResponse response, RateLimits.Refusal refusal) throws IOException {
        long seconds = Math.max(1, (refusal.retryAfter().toMillis() + 999) / 1000);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", TYPE);
        problem.put("title", "Too many requests");
        problem.put("status", 429);
        problem.put("detail", "the " + refusal.api() + " API allows " + format(refusal.perSecond())
                + " requests per second (bursts of " + refusal.burst() + ") for " + refusal.caller()
                + "; retry in " + seconds + " s");
        problem.put("caller", refusal.caller());
        problem.put("retryAfterSeconds", seconds);
        response.setStatus(429);
        response.setHeader("Retry-After", Long.toString(seconds));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }

    private static String format(double perSecond) {
        return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
    }
}
