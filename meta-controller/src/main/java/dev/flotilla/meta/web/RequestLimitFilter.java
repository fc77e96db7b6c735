package dev.flotilla.meta.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything else reads it, what no API call may carry: a body over {@link #MAX_BODY_BYTES} (413,
 * whether announced by {@code Content-Length} or found while the body is read), a form body (415: the API takes
 * JSON), and a query parameter that is malformed, longer than {@link #MAX_PARAMETER_CHARS} or holds a control
 * character such as NUL, which PostgreSQL cannot store (400 naming the parameter).
 */
final class RequestLimitFilter extends OncePerRequestFilter {

    /** Above the largest legitimate body: a status batch of 1000 reports with full messages, a large manifest. */
    static final long MAX_BODY_BYTES = 4L * 1024 * 1024;
    /** As long as the longest value a parameter may hold (a label selector, as in a rollout's selection). */
    static final int MAX_PARAMETER_CHARS = 4096;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/api/") && !path.startsWith("/agent/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            ProblemDetails.write(response, tooLarge());
            return;
        }
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase();
        if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
            ProblemDetails.write(response, ProblemDetails.of(415, "unsupported-media-type", "Unsupported Media Type",
                    "Content-Type '" + request.getContentType() + "' is not supported: send application/json"));
            return;
        }
        String bad = badParameter(request.getQueryString());
        if (bad != null) {
            ProblemDetails.write(response, ProblemDetails.of(400, "bad-input", "Bad input", bad));
            return;
        }
        chain.doFilter(new LimitedBody(request), response);
    }

    static org.springframework.http.ProblemDetail tooLarge() {
        return ProblemDetails.of(413, "payload-too-large", "Payload too large",
                "the request body is larger than " + MAX_BODY_BYTES + " bytes");
    }

    /** What is wrong with the query string, or null. */
    static String badParameter(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return "the query string is malformed near '" + shorten(pair) + "': " + e.getMessage();
            }
            if (value.length() > MAX_PARAMETER_CHARS) {
                return "parameter '" + shorten(name) + "' is longer than " + MAX_PARAMETER_CHARS + " characters";
            }
            if ((name + value).chars().anyMatch(Character::isISOControl)) {
                return "parameter '" + shorten(name) + "' holds a control character";
            }
        }
        return null;
    }

    private static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }

    /** The request with a body that fails once more than {@link #MAX_BODY_BYTES} are read (a chunked body). */
    private static final class LimitedBody extends HttpServletRequestWrapper {

        LimitedBody(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    count(b < 0 ? 0 : 1);
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    count(Math.max(n, 0));
                    return n;
                }

                private void count(int n) throws IOException {
                    read += n;
                    if (read > MAX_BODY_BYTES) {
                        throw new BodyTooLargeException();
                    }
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }

    /** A body found larger than the limit while it was read. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("the request body is larger than " + MAX_BODY_BYTES + " bytes", null);
        }
    }
}
