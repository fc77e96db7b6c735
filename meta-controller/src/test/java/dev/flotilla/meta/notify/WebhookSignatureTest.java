package dev.flotilla.meta.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final String SECRET = "whsec-0123456789abcdef";
    private static final byte[] BODY = "{\"id\":\"42-7\",\"type\":\"WAVE_STARTED\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final String OPENSSL_HMAC = "82662f3754dc4c2c1ad897b41ae560f47f492b2c985eee442cedec328e763b1b";

    @Test
    void signsTheTimestampAndBodyWithHmacSha256InHex() {
        // computed independently: printf '%s' '1796040000.{"id":"42-7","type":"WAVE_STARTED"}' \
        //   | openssl dgst -sha256 -hmac 'whsec-0123456789abcdef'
        assertThat(WebhookSignature.sign(SECRET, AT, BODY))
                .isEqualTo("t=1796040000,v1=" + OPENSSL_HMAC);
    }

    @Test
    void verifiesItsOwnSignatureWithinTheReplayWindow() {
        String header = WebhookSignature.sign(SECRET, AT, BODY);
        assertThat(WebhookSignature.verify(SECRET, header, BODY, AT, WINDOW)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, header, BODY, AT.plus(WINDOW), WINDOW)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, header, BODY, AT.minus(WINDOW), WINDOW)).isTrue();
    }

    @Test
    void refusesAReplayOutsideTheWindowAnotherBodyAnotherSecretOrATamperedTimestamp() {
        String header = WebhookSignature.sign(SECRET, AT, BODY);
        assertThat(WebhookSignature.verify(SECRET, header, BODY, AT.plus(WINDOW).plusSeconds(1), WINDOW)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, header, "{}".getBytes(StandardCharsets.UTF_8), AT, WINDOW))
                .isFalse();
        assertThat(WebhookSignature.verify("another-secret-0123456789", header, BODY, AT, WINDOW)).isFalse();
        String moved = header.replace("t=1796040000", "t=1796040001");
        assertThat(WebhookSignature.verify(SECRET, moved, BODY, AT, WINDOW)).isFalse();
    }

    @Test
    void acceptsAnyOfSeveralSignaturesAndRefusesMalformedHeaders() {
        String header = WebhookSignature.sign(SECRET, AT, BODY);
        String rotated = "t=1796040000,v1=" + "00".repeat(32) + "," + header.substring(header.indexOf("v1="));
        assertThat(WebhookSignature.verify(SECRET, rotated, BODY, AT, WINDOW)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, null, BODY, AT, WINDOW)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "v1=abc", BODY, AT, WINDOW)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "t=x,v1=ab", BODY, AT, WINDOW)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "t=1796040000,v1=zz", BODY, AT, WINDOW)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "t=1796040000", BODY, AT, WINDOW)).isFalse();
    }
}
