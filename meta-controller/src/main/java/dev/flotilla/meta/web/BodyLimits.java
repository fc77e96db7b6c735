package dev.flotilla.meta.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.springframework.http.ProblemDetail;

/** Reading a request body under the limit of {@link RequestLimitFilter}, for code that reads it outside Spring MVC. */
public final class BodyLimits {

    private BodyLimits() {
    }

    /** Whether reading a body failed because it grew past the limit. */
    public static boolean exceeded(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RequestLimitFilter.BodyTooLargeException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The request's whole body. A body of declared length is read into an array of that length: {@code readAllBytes}
     * starts every body with a 16 KiB buffer and copies the result out of it, which for the agents' reports of a few
     * hundred bytes was most of the cost of reading them (change 49). A body without a length (chunked) is read to
     * its end; either way the request limit's stream ({@link RequestLimitFilter}) fails past the limit.
     */
    static byte[] read(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        InputStream in = request.getInputStream();
        if (declared < 0 || declared > RequestLimitFilter.MAX_BODY_BYTES) {
            return in.readAllBytes();
        }
        byte[] body = new byte[(int) declared];
        int read = in.readNBytes(body, 0, body.length);
        if (read < body.length) {
            // a stream that ended before the declared length (Tomcat fails such a read itself): what arrived, which
            // the JSON reader then refuses as cut short
            return Arrays.copyOf(body, read);
        }
        return body;
    }

    /**
     * The request's whole body ({@link #read}), or null once a body over the limit has been answered with the 413
     * problem ({@link #tooLarge}) on {@code response}.
     */
    public static byte[] readOrRefuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            return read(request);
        } catch (IOException e) {
            if (!exceeded(e)) {
                throw e;
            }
            ProblemDetails.write(response, tooLarge());
            return null;
        }
    }

    /** The 413 problem a body over the limit is answered with. */
    public static ProblemDetail tooLarge() {
        return RequestLimitFilter.tooLarge();
    }
}
