package dev.flotilla.meta.web;

import java.net.URI;
import java.sql.SQLException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Turns every failure into an {@code application/problem+json} answer that names what is wrong. */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    /**
     * The answer this advice gives a failure, for answers completed outside Spring MVC ({@code AgentAnswers}): a
     * {@link FlotillaException} as its problem, anything else as {@link #unexpected}.
     */
    public static ResponseEntity<Object> answerTo(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof java.util.concurrent.CompletionException
                || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e instanceof FlotillaException flotilla ? problemOf(flotilla)
                : unexpectedAnswer(e instanceof Exception ex ? ex : new RuntimeException(e));
    }

    @ExceptionHandler(FlotillaException.class)
    ResponseEntity<Object> flotilla(FlotillaException e) {
        return problemOf(e);
    }

    private static ResponseEntity<Object> problemOf(FlotillaException e) {
        FlotillaException.Problem p = e.problem();
        ProblemDetail problem = ProblemDetails.of(p.status(), p.type(), p.title(), e.getMessage());
        e.properties().forEach(problem::setProperty);
        ResponseEntity<Object> answer = respond(problem);
        return e.retryAfter().map(wait -> ResponseEntity.status(answer.getStatusCode())
                        .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds())))
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(answer.getBody()))
                .orElse(answer);
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    ResponseEntity<Object> denied(RuntimeException e) {
        return respond(ProblemDetails.of(403, "forbidden", "Forbidden",
                "the token's role does not allow this operation"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e) {
        return badInput("parameter '" + e.getName() + "' has an invalid value '" + e.getValue() + "'");
    }

    /**
     * A constraint of existing data (SQLSTATE class 23: unique, foreign key, check) is a conflict; a value the
     * database cannot hold at all (class 22: too long, out of range, a NUL) is the caller's bad input.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> integrity(DataIntegrityViolationException e) {
        log.debug("Integrity violation", e);
        String state = sqlState(e);
        if (state != null && state.startsWith("22")) {
            return badInput("a value cannot be stored: " + rootMessage(e));
        }
        return respond(ProblemDetails.of(409, "conflict", "Conflict",
                "the change conflicts with existing data: " + rootMessage(e)));
    }

    /** Every answer Spring MVC makes by itself (no route, a wrong method or media type) gets a Flotilla type too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> answer = super.handleExceptionInternal(e, body, headers, status, request);
        if (answer == null || !(answer.getBody() instanceof ProblemDetail problem)) {
            return answer;
        }
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            problem.setType(URI.create(ProblemDetails.TYPE_BASE + ProblemDetails.typeOf(problem.getStatus())));
        }
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(ProblemAdvice::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        if (detail.isEmpty()) {
            detail = e.getBindingResult().getAllErrors().stream()
                    .map(err -> err.getDefaultMessage()).collect(Collectors.joining("; "));
        }
        return badInput(detail);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err ->
                        "parameter '" + r.getMethodParameter().getParameterName() + "' " + err.getDefaultMessage()))
                .collect(Collectors.joining("; "));
        return badInput(detail);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return badInput("parameter '" + e.getParameterName() + "' is required");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (BodyLimits.exceeded(e)) {
            return respond(RequestLimitFilter.tooLarge());
        }
        return badInput(UnreadableBodies.describe(e));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        return unexpectedAnswer(e);
    }

    private static ResponseEntity<Object> unexpectedAnswer(Exception e) {
        if (DatabaseOutage.causedBy(e)) {
            log.warn("Database unavailable, answering 503: {}", rootMessage(e));
            return DatabaseOutage.answer();
        }
        log.error("Unexpected failure", e);
        return respond(ProblemDetails.of(500, "internal", "Internal error", "an unexpected error occurred"));
    }

    private static String describe(FieldError error) {
        return "field '" + error.getField() + "' " + error.getDefaultMessage()
                + (error.getRejectedValue() == null ? "" : " (was '" + error.getRejectedValue() + "')");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? "" : t.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static ResponseEntity<Object> badInput(String detail) {
        return respond(ProblemDetails.of(400, "bad-input", "Bad input", detail));
    }

    static ResponseEntity<Object> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
