package dev.flotilla.meta.token;

import static dev.flotilla.meta.support.Fleet.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** API tokens expire, rotate with a grace period for the old secret, and show when they were last used. */
@IntegrationTest
@TestPropertySource(properties = {"flotilla.tokens.default-ttl=7d", "flotilla.tokens.max-ttl=30d",
        "flotilla.tokens.rotation-grace=2s"})
class ApiTokenLifetimeIT {

    @LocalServerPort
    int port;

    @Autowired
    TokenUses uses;

    @Test
    void aTokenWithoutExpiresAtLivesTheDefaultLifetimeAndTheAdminTokenNeverExpires() {
        Api api = new Api(port);
        Instant before = Instant.now();

        Api.Reply issued = issue(api, "tl-default", null);

        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        Instant expires = Instant.parse(issued.body().path("expiresAt").asString());
        assertThat(expires).isBetween(before.plus(Duration.ofDays(7)).minusSeconds(1),
                Instant.now().plus(Duration.ofDays(7)).plusSeconds(1));
        assertThat(listed(api, "tl-default").path("expiresAt").asString()).isNotBlank();
        assertThat(listed(api, "admin").path("expiresAt").isNull()).isTrue();
    }

    @Test
    void anExpiresAtBeyondTheMaximumOrInThePastIsRefusedAndIssuesNothing() {
        Api api = new Api(port);

        Api.Reply tooLate = issue(api, "tl-too-late", Instant.now().plus(Duration.ofDays(31)));
        Api.Reply past = issue(api, "tl-past", Instant.now().minusSeconds(60));

        assertProblem(tooLate, 400, "expiresAt", "flotilla.tokens.max-ttl");
        assertProblem(past, 400, "expiresAt", "not in the future");
        assertThat(listed(api, "tl-too-late")).isNull();
        assertThat(listed(api, "tl-past")).isNull();
    }

    @Test
    void anExpiredTokenIsRefusedWithAProblemNamingItsExpiry() {
        Api api = new Api(port);
        Instant expiresAt = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
        String secret = issue(api, "tl-short", expiresAt).body().path("token").asString();
        Api.Reply fresh = api.get(secret, "/api/v1/me");

        Api.Reply expired = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(secret, "/api/v1/me"), reply -> reply.status() != 200);

        assertThat(fresh.status()).as(fresh.raw()).isEqualTo(200);
        assertThat(Instant.now()).isAfterOrEqualTo(expiresAt); // refused only once expired
        assertProblem(expired, 401, "tl-short", "expired at " + expiresAt);
        assertThat(expired.body().path("token").asString()).isEqualTo("tl-short");
    }

    @Test
    void rotationAnswersANewSecretAndTheOldOneWorksForTheGracePeriodOnly() {
        Api api = new Api(port);
        String old = issue(api, "tl-rotated", null).body().path("token").asString();
        assertThat(api.get(old, "/api/v1/me").status()).isEqualTo(200); // cached as the current secret

        Api.Reply rotated = api.post(Fleet.ADMIN, "/api/v1/tokens/tl-rotated/rotate", null);
        String fresh = rotated.body().path("token").asString();
        Api.Reply oldInGrace = api.get(old, "/api/v1/me");
        Api.Reply freshNow = api.get(fresh, "/api/v1/me");
        JsonNode listed = listed(api, "tl-rotated");
        Instant graceEnds = Instant.parse(listed.path("previousSecretValidUntil").asString());
        Api.Reply oldAfterGrace = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(old, "/api/v1/me"), reply -> reply.status() != 200);
        Api.Reply freshAfterGrace = api.get(fresh, "/api/v1/me");

        assertThat(rotated.status()).as(rotated.raw()).isEqualTo(200);
        assertThat(fresh).startsWith("flt_").isNotEqualTo(old);
        assertThat(rotated.body().path("role").asString()).isEqualTo("viewer");
        assertThat(oldInGrace.status()).as(oldInGrace.raw()).isEqualTo(200);
        assertThat(freshNow.body().path("name").asString()).isEqualTo("tl-rotated");
        assertThat(listed.path("rotatedAt").asString()).isNotBlank();
        assertThat(listed.path("previousSecretValidUntil").asString()).isNotBlank();
        assertThat(Instant.now()).isAfterOrEqualTo(graceEnds); // the old secret worked to the end of the grace
        assertProblem(oldAfterGrace, 401, "tl-rotated", "rotated");
        assertThat(freshAfterGrace.status()).isEqualTo(200);
    }

    @Test
    void rotationTakesAnExpiresAtAndRefusesAnUnknownToken() {
        Api api = new Api(port);
        issue(api, "tl-rotate-until", null);
        Instant until = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);

        Api.Reply rotated = api.post(Fleet.ADMIN, "/api/v1/tokens/tl-rotate-until/rotate",
                Map.of("expiresAt", until.toString()));
        Api.Reply beyond = api.post(Fleet.ADMIN, "/api/v1/tokens/tl-rotate-until/rotate",
                Map.of("expiresAt", Instant.now().plus(Duration.ofDays(90)).toString()));
        Api.Reply unknown = api.post(Fleet.ADMIN, "/api/v1/tokens/tl-nobody/rotate", null);

        assertThat(Instant.parse(rotated.body().path("expiresAt").asString())).isEqualTo(until);
        assertProblem(beyond, 400, "expiresAt");
        assertProblem(unknown, 404, "tl-nobody");
    }

    @Test
    void theLastUseIsShownAndWrittenAtMostOncePerIntervalInOneBatch() {
        Api api = new Api(port);
        String secret = issue(api, "tl-used", null).body().path("token").asString();
        uses.flush();
        assertThat(listed(api, "tl-used").path("lastUsedAt").isNull()).isTrue();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        for (int i = 0; i < 20; i++) {
            assertThat(api.get(secret, "/api/v1/me").status()).isEqualTo(200);
        }
        int written = uses.flush();
        for (int i = 0; i < 5; i++) {
            api.get(secret, "/api/v1/me");
        }
        int writtenAgain = uses.flush();

        // the admin's listing calls are noted too: at most the two tokens, and tl-used once however many calls
        assertThat(written).isBetween(1, 2);
        assertThat(writtenAgain).isZero(); // noted less than a minute ago: no second write
        assertThat(Instant.parse(listed(api, "tl-used").path("lastUsedAt").asString())).isAfterOrEqualTo(before);
    }

    private static Api.Reply issue(Api api, String name, Instant expiresAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("role", "viewer");
        if (expiresAt != null) {
            body.put("expiresAt", expiresAt.toString());
        }
        return api.post(Fleet.ADMIN, "/api/v1/tokens", body);
    }

    /** The token as the admin's list shows it, or null. */
    private static JsonNode listed(Api api, String name) {
        Api.Reply list = api.get(Fleet.ADMIN, "/api/v1/tokens");
        assertThat(list.status()).as(list.raw()).isEqualTo(200);
        return StreamSupport.stream(list.body().spliterator(), false)
                .filter(t -> t.path("name").asString().equals(name)).findFirst().orElse(null);
    }
}
