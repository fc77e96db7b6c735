package dev.flotilla.meta.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Generates bearer secrets and hashes them; only the hashes are ever stored. The prefix tells
 * which kind a secret is: {@code flt_} API token, {@code fla_} agent token, {@code flb_} bootstrap token, {@code flr_} reusable registration token.
 */
public final class Secrets {

    public static final String API_PREFIX = "flt_";
    public static final String AGENT_PREFIX = "fla_";
    public static final String BOOTSTRAP_PREFIX = "flb_";
    public static final String REGISTRATION_PREFIX = "flr_";

    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * A digest per thread: every agent call hashes its token, and looking up the algorithm's provider each time
     * ({@link MessageDigest#getInstance}) cost more than the hash itself.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    private Secrets() {
    }

    public static String generate(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 in lower-case hex: secrets are random, so a fast hash is enough. */
    public static String hash(String secret) {
        // digest() resets the digest, so the thread's next hash starts clean
        return HexFormat.of().formatHex(SHA_256.get().digest(secret.getBytes(StandardCharsets.UTF_8)));
    }
}
