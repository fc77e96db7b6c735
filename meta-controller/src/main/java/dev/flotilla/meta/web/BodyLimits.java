package dev.flotilla.meta.web;

import org.springframework.http.ProblemDetail;

/** The request body limit of {@link RequestLimitFilter}, for code that reads a body outside Spring MVC. */
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

    /** The 413 problem a body over the limit is answered with. */
    public static ProblemDetail tooLarge() {
        return RequestLimitFilter.tooLarge();
    }
}
