package dev.flotilla.agent.hub;

import java.time.Duration;
import java.util.Optional;

/** A call to the meta-controller that did not succeed; the subtype says whether trying again can help. */
public sealed class HubException extends RuntimeException
        permits HubException.Unavailable, HubException.Unauthorized, HubException.Rejected, HubException.Incompatible {

    HubException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /**
     * Not reachable, 5xx, 429 or a timeout: retried with backoff. A 503 or 429 with {@code Retry-After} is the
     * meta-controller shedding load: retried after that wait (plus jitter), and not held against its health.
     */
    public static final class Unavailable extends HubException {
        private final Duration retryAfter;

        Unavailable(String message, Throwable cause) {
            this(message, cause, null);
        }

        Unavailable(String message, Throwable cause, Duration retryAfter) {
            super(message, cause);
            this.retryAfter = retryAfter;
        }

        /** The wait the meta-controller asked for, if it did. */
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /** 400 {@code unsupported-protocol}: the meta-controller speaks another major version; no retry can help. */
    public static final class Incompatible extends HubException {
        Incompatible(String message) {
            super(message, null);
        }
    }

    /** 401: the token is used up, expired or revoked. */
    public static final class Unauthorized extends HubException {
        Unauthorized(String message) {
            super(message, null);
        }
    }

    /** Any other 4xx: the request itself is wrong; repeating it gives the same answer. */
    public static final class Rejected extends HubException {
        private final int status;

        Rejected(int status, String message) {
            super(message, null);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
