package dev.flotilla.meta.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page as a problem detail: whatever the servlet container or a filter refuses before any controller
 * runs (a URL the firewall rejects, a request the container cannot parse) is answered as
 * {@code application/problem+json} too, in place of Spring Boot's own error body.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<Object> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && i >= 400 ? i : 500;
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        return ProblemAdvice.respond(ProblemDetails.of(status, ProblemDetails.typeOf(status), title,
                detail(request, status, title)));
    }

    /** The container's reason when it gave one (never an internal failure's), else the status's. */
    private static String detail(HttpServletRequest request, int status, String title) {
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (status < 500 && message instanceof String text && !text.isBlank()) {
            return text;
        }
        return status >= 500 ? "an unexpected error occurred"
                : "the request to '" + uri + "' was refused: " + title.toLowerCase();
    }
}
