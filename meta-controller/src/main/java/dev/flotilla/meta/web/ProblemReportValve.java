package dev.flotilla.meta.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report as a problem detail, for what Tomcat refuses before Spring sees the request (a path holding
 * an encoded NUL or slash): {@code application/problem+json} in place of Tomcat's HTML page.
 */
final class ProblemReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String message = response.getMessage();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ProblemDetails.TYPE_BASE + ProblemDetails.typeOf(status));
        body.put("title", title);
        body.put("status", status);
        String uri = request.getRequestURI();
        body.put("detail", status >= 500 || message == null || message.isBlank() ? title.toLowerCase()
                : uri == null ? message : message + ": '" + uri + "'");
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getOutputStream().write(JSON.writeValueAsBytes(body));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client went away, or the response cannot take a body any more: nothing more to say
        }
    }
}
