package dev.flotilla.meta.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Flotilla-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256>} where the MAC is keyed by
 * the hook's secret (its UTF-8 bytes) over {@code "<t>.<body>"}. Signing the timestamp with the body lets a receiver
 * refuse a replayed request outside its window; every attempt is signed anew with its own time.
 * {@link #verify} is what a receiver does (docs/notifications.md shows the same in other languages).
 */
public final class WebhookSignature {

    public static final String HEADER = "Flotilla-Signature";
    /** The replay window receivers should use, and the tests do. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {
    }

    /** The header value for this body sent at this time. */
    public static String sign(String secret, Instant at, byte[] body) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac(secret, t, body));
    }

    /**
     * Whether the header is a valid signature of the body with the secret, made within {@code tolerance} of
     * {@code now} (either way). Any {@code v1} entry may match (a sender rotating secrets may send two); the
     * comparison takes constant time.
     */
    public static boolean verify(String secret, String header, byte[] body, Instant now, Duration tolerance) {
        if (header == null) {
            return false;
        }
        Long t = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                try {
                    t = Long.parseLong(part.substring(2));
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        if (t == null || Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = mac(secret, t, body);
        for (String part : header.split(",")) {
            if (part.startsWith("v1=")) {
                try {
                    if (MessageDigest.isEqual(expected, HexFormat.of().parseHex(part.substring(3)))) {
                        return true;
                    }
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
        }
        return false;
    }

    private static byte[] mac(String secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
