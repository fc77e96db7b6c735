package dev.flotilla.agent.hub;

/** A call to the meta-controller that did not succeed; the subtype says whether trying again can help. */
public sealed class HubException extends RuntimeException
        permits HubException.Unavailable, HubException.Unauthorized, HubException.Rejected {

    HubException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** Not reachable, 5xx, 429 or a timeout: retried with backoff. */
    public static final class Unavailable extends HubException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
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
