package dev.flotilla.meta.oidc;

import static dev.flotilla.meta.support.Fleet.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.oidc.TestIdentityProvider.Client;
import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The portal API takes an identity provider's JWTs next to its API tokens: a real OpenID Connect provider (Spring
 * Authorization Server, {@link TestIdentityProvider}) runs in the test and issues the tokens by client_credentials;
 * the meta-controller knows it only by its issuer URI, from which it discovers the signing keys.
 */
@IntegrationTest
class OidcBearerTokenIT {

    static final TestIdentityProvider IDP = TestIdentityProvider.start(List.of(
            Client.of("oi-platform", "sre", "platform-admins").name("Ada Admin"),
            Client.of("oi-sre", "sre", "ignored-group"),
            Client.of("oi-green", "viewers").tenant("green").name("Grace Green"),
            Client.of("oi-short", "sre").ttl(Duration.ofSeconds(4)),
            Client.of("oi-other-audience", "platform-admins").audience("someone-else"),
            Client.of("oi-other-issuer", "platform-admins").issuer("https://elsewhere.example"),
            Client.of("oi-unmapped", "marketing"),
            Client.of("oi-bad-tenant", "sre").tenant("Not A Tenant")), List.of());
    /** Another provider: same client names, its own keys. */
    static final TestIdentityProvider STRANGER = TestIdentityProvider.start(List.of(
            Client.of("oi-platform", "platform-admins")), List.of());

    @DynamicPropertySource
    static void oidc(DynamicPropertyRegistry properties) {
        properties.add("flotilla.auth.oidc.issuer-uri", IDP::issuer);
        properties.add("flotilla.auth.oidc.audience", () -> TestIdentityProvider.AUDIENCE);
        properties.add("flotilla.auth.oidc.roles.platform-admins", () -> "admin");
        properties.add("flotilla.auth.oidc.roles.sre", () -> "operator");
        properties.add("flotilla.auth.oidc.roles.viewers", () -> "viewer");
        properties.add("flotilla.auth.oidc.tenant-claim", () -> "tenant");
        properties.add("flotilla.auth.oidc.clock-skew", () -> "0s");
        properties.add("flotilla.auth.oidc.dashboard-client-id", () -> TestIdentityProvider.DASHBOARD_CLIENT);
    }

    @AfterAll
    static void stopProviders() {
        IDP.close();
        STRANGER.close();
    }

    @LocalServerPort
    int port;

    @Test
    void theHighestRoleOfTheMappedGroupsWinsAndTheCallerIsNamedBySubjectAndNameClaim() {
        Api api = new Api(port);
        String token = IDP.token("oi-platform");

        Api.Reply me = api.get(token, "/api/v1/me");
        Api.Reply issue = api.post(token, "/api/v1/tokens", Map.of("name", "oi-issued", "role", "viewer"));

        assertThat(me.status()).as(me.raw()).isEqualTo(200);
        assertThat(me.body().path("name").asString()).isEqualTo("oidc:oi-platform");
        assertThat(me.body().path("displayName").asString()).isEqualTo("Ada Admin");
        assertThat(me.body().path("role").asString()).isEqualTo("admin");
        assertThat(me.body().path("tenant").isNull()).isTrue();
        assertThat(issue.status()).as(issue.raw()).isEqualTo(201);
    }

    @Test
    void theAuditLogNamesAnIdentityProvidersCallerBySubjectAndName() {
        Api api = new Api(port);
        String token = IDP.token("oi-platform");

        Api.Reply created = api.post(token, "/api/v1/clusters",
                Map.of("name", "oi-audited", "tenant", "oi", "region", "eu", "zone", "eu-1a"));
        Api.Reply records = api.get(token, "/api/v1/audit?resource=cluster/oi-audited");

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(records.status()).as(records.raw()).isEqualTo(200);
        JsonNode record = records.body().path("items").get(0);
        assertThat(record.path("actor").asString()).isEqualTo("oidc:oi-platform");
        assertThat(record.path("actorName").asString()).isEqualTo("Ada Admin");
        assertThat(record.path("action").asString()).isEqualTo("cluster.create");
        assertThat(api.get(Fleet.ADMIN, "/api/v1/audit?actor=oidc:oi-platform&action=cluster.create").body()
                .path("items")).hasSize(1);
    }

    @Test
    void anOperatorGroupOpensOperatorCallsOnlyAndTheSubjectNamesACallerWithoutName() {
        Api api = new Api(port);
        String token = IDP.token("oi-sre");

        Api.Reply me = api.get(token, "/api/v1/me");
        Api.Reply clusters = api.get(token, "/api/v1/clusters");
        Api.Reply issue = api.post(token, "/api/v1/tokens", Map.of("name", "oi-refused", "role", "viewer"));

        assertThat(me.body().path("role").asString()).isEqualTo("operator");
        assertThat(me.body().path("displayName").asString()).isEqualTo("oi-sre");
        assertThat(clusters.status()).as(clusters.raw()).isEqualTo(200);
        assertProblem(issue, 403, "role does not allow");
    }

    @Test
    void theTenantClaimLimitsTheCallerToItsTenant() {
        Api api = new Api(port);
        Fleet fleet = new Fleet(api);
        fleet.create("oi-green-1", "green", "eu", "eu-1a", Map.of());
        fleet.create("oi-blue-1", "blue", "eu", "eu-1a", Map.of());
        String token = IDP.token("oi-green");

        Api.Reply me = api.get(token, "/api/v1/me");
        Api.Reply clusters = api.get(token, "/api/v1/clusters");
        Api.Reply blue = api.get(token, "/api/v1/clusters/oi-blue-1");

        assertThat(me.body().path("tenant").asString()).isEqualTo("green");
        assertThat(me.body().path("role").asString()).isEqualTo("viewer");
        assertThat(me.body().path("displayName").asString()).isEqualTo("Grace Green");
        List<String> names = StreamSupport.stream(items(clusters.body()).spliterator(), false)
                .map(c -> c.path("name").asString()).toList();
        assertThat(names).contains("oi-green-1").doesNotContain("oi-blue-1");
        assertThat(blue.status()).as(blue.raw()).isEqualTo(404);
    }

    @Test
    void anExpiredTokenIsRefusedNamingItsExpiry() {
        Api api = new Api(port);
        String token = IDP.token("oi-short");
        Api.Reply fresh = api.get(token, "/api/v1/me");

        // the provider issued it for 4 s (long enough for the first call on a busy machine); no clock skew is allowed
        Api.Reply expired = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(token, "/api/v1/me"), reply -> reply.status() != 200);

        assertThat(fresh.status()).as(fresh.raw()).isEqualTo(200);
        assertProblem(expired, 401, "expired");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        assertProblem(new Api(port).get(IDP.token("oi-other-audience"), "/api/v1/me"), 401,
                "someone-else", "flotilla.auth.oidc.audience");
    }

    @Test
    void aTokenNamingAnotherIssuerIsRefusedThoughSignedByTheProvidersKey() {
        assertProblem(new Api(port).get(IDP.token("oi-other-issuer"), "/api/v1/me"), 401, "iss");
    }

    @Test
    void aTokenOfAnotherProviderIsRefused() {
        assertProblem(new Api(port).get(STRANGER.token("oi-platform"), "/api/v1/me"), 401, "not valid");
    }

    @Test
    void aTokenWhoseGroupsMapToNoRoleIsForbiddenSayingSo() {
        assertProblem(new Api(port).get(IDP.token("oi-unmapped"), "/api/v1/me"), 403,
                "oi-unmapped", "marketing", "flotilla.auth.oidc.roles");
    }

    @Test
    void aTenantClaimThatIsNoTenantNameIsForbidden() {
        assertProblem(new Api(port).get(IDP.token("oi-bad-tenant"), "/api/v1/clusters"), 403, "tenant");
    }

    @Test
    void theAgentApiTakesNoIdentityProviderToken() {
        Api.Reply work = new Api(port).get(IDP.token("oi-platform"), "/agent/v1/work");

        assertProblem(work, 401);
    }

    @Test
    void apiTokensKeepWorkingNextToTheProvider() {
        Api.Reply me = new Api(port).get(Fleet.ADMIN, "/api/v1/me");

        assertThat(me.status()).as(me.raw()).isEqualTo(200);
        assertThat(me.body().path("name").asString()).isEqualTo("admin");
    }

    @Test
    void theSignInConfigurationNamesTheProviderWithoutAuthentication() {
        Api.Reply config = new Api(port).get(null, "/api/v1/auth/config");

        assertThat(config.status()).as(config.raw()).isEqualTo(200);
        assertThat(config.body().path("oidc").path("issuer").asString()).isEqualTo(IDP.issuer());
        assertThat(config.body().path("oidc").path("clientId").asString())
                .isEqualTo(TestIdentityProvider.DASHBOARD_CLIENT);
        assertThat(config.body().path("oidc").path("audience").asString()).isEqualTo(TestIdentityProvider.AUDIENCE);
    }

    private static JsonNode items(JsonNode page) {
        return page.has("items") ? page.path("items") : page;
    }
}
