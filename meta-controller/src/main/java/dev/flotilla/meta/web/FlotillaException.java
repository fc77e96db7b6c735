package dev.flotilla.meta.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A failure a caller can act on. Services throw it without knowing HTTP; the web layer turns its
 * {@link Problem} into a status and an RFC 9457 problem detail.
 */
public final class FlotillaException extends RuntimeException {

    /** What went wrong, each with its stable problem type and HTTP status. */
    public enum Problem {
        BAD_INPUT("bad-input", "Bad input", 400),
        /** A credential that opens nothing (unknown, expired, revoked); other callers meet Spring Security's 401. */
        UNAUTHORIZED("unauthorized", "Unauthorized", 401),
        FORBIDDEN("forbidden", "Forbidden", 403),
        NOT_FOUND("not-found", "Not found", 404),
        CONFLICT("conflict", "Conflict", 409),
        ILLEGAL_TRANSITION("illegal-transition", "Illegal state transition", 409),
        PREFLIGHT_FAILED("preflight-failed", "Preflight check failed", 409),
        UNAVAILABLE("unavailable", "Dependency unavailable", 503),
        /** Too much to do right now: the answer carries {@code Retry-After}. */
        OVERLOADED("overloaded", "Overloaded", 503);

        private final String type;
        private final String title;
        private final int status;

        Problem(String type, String title, int status) {
            this.type = type;
            this.title = title;
            this.status = status;
        }

        public String type() {
            return type;
        }

        public String title() {
            return title;
        }

        public int status() {
            return status;
        }
    }

    private final Problem problem;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private Duration retryAfter;

    public FlotillaException(Problem problem, String detail) {
        super(detail, null, false, false);
        this.problem = problem;
    }

    public static FlotillaException badInput(String detail) {
        return new FlotillaException(Problem.BAD_INPUT, detail);
    }

    public static FlotillaException unauthorized(String detail) {
        return new FlotillaException(Problem.UNAUTHORIZED, detail);
    }

    public static FlotillaException notFound(String what, String name) {
        return new FlotillaException(Problem.NOT_FOUND, what + " '" + name + "' not found").with(what, name);
    }

    public static FlotillaException conflict(String detail) {
        return new FlotillaException(Problem.CONFLICT, detail);
    }

    public static FlotillaException forbidden(String detail) {
        return new FlotillaException(Problem.FORBIDDEN, detail);
    }

    /** An illegal transition of a state machine, naming both states. */
    public static FlotillaException illegalTransition(String what, Object from, Object to) {
        return new FlotillaException(Problem.ILLEGAL_TRANSITION,
                "cannot move " + what + " from " + from + " to " + to)
                .with("from", String.valueOf(from)).with("to", String.valueOf(to));
    }

    /** Adds an extension member to the problem detail, e.g. {@code cluster} or {@code rollout}. */
    public FlotillaException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    /** Answers with a {@code Retry-After} header of this many (whole, at least 1) seconds. */
    public FlotillaException retryAfter(Duration wait) {
        this.retryAfter = wait;
        return this;
    }

    /** The {@code Retry-After} to answer with, if any. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, Object> properties() {
        return Map.copyOf(properties);
    }
}
