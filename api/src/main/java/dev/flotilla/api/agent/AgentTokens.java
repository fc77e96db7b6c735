package dev.flotilla.api.agent;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Agent tokens ({@code fla_} and 32 random bytes, base64url). An agent may propose the token it will use when it
 * registers ({@link #PROPOSED_HEADER}): a registration retried because its answer was lost then gets the same
 * answer instead of meeting a spent bootstrap token.
 */
public final class AgentTokens {

    public static final String PREFIX = "fla_";
    /** The request header of {@code POST /agent/v1/register} that carries the proposed agent token. */
    public static final String PROPOSED_HEADER = "Flotilla-Agent-Token";

    private static final Pattern FORMAT = Pattern.compile("fla_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private AgentTokens() {
    }

    /** A new random agent token. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether the value has the shape of a generated token (the prefix and 256 bits of base64url). */
    public static boolean wellFormed(String token) {
        return token != null && FORMAT.matcher(token).matches();
    }
}
