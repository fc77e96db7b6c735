package dev.flotilla.meta.web;

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
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns every failure into an {@code application/problem+json} answer that names what is wrong. */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(FlotillaException.class)
    ResponseEntity<Object> flotilla(FlotillaException e) {
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

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> integrity(DataIntegrityViolationException e) {
        log.debug("Integrity violation", e);
        return respond(ProblemDetails.of(409, "conflict", "Conflict",
                "the change conflicts with existing data: " + rootMessage(e)));
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
        return badInput(describe(e));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
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

    private static String describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'";
        }
        if (cause instanceof DatabindException databind) {
            String path = databind.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return path.isEmpty()
                    ? "malformed request body: " + databind.getOriginalMessage()
                    : "field '" + path + "' is invalid: " + databind.getOriginalMessage();
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            return "a request body is required";
        }
        return "malformed request body: " + cause.getMessage();
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

    private static ResponseEntity<Object> badInput(String detail) {
        return respond(ProblemDetails.of(400, "bad-input", "Bad input", detail));
    }

    static ResponseEntity<Object> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
