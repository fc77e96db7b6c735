package dev.flotilla.meta.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real OpenID Connect provider for the tests: Spring Authorization Server in this JVM, on its own random port,
 * with its own signing key. Machine clients get access tokens by {@code client_credentials}; what each token
 * claims (groups, tenant, name, audience, or a foreign issuer) is set on its client and added by an
 * {@link OAuth2TokenCustomizer}. A public client ({@link #DASHBOARD_CLIENT}, authorization code with PKCE) and a
 * user ({@link #USER}) let a browser sign in.
 */
public final class TestIdentityProvider implements AutoCloseable {

    public static final String AUDIENCE = "flotilla";
    public static final String DASHBOARD_CLIENT = "flotilla-dashboard";
    public static final String USER = "ada";
    public static final String PASSWORD = "lovelace-1815";

    /** What a machine client's tokens claim. */
    public record Client(String id, List<String> groups, String tenant, String name, String audience, String issuer,
            Duration ttl) {
        public static Client of(String id, String... groups) {
            return new Client(id, List.of(groups), null, null, AUDIENCE, null, Duration.ofMinutes(5));
        }

        public Client tenant(String value) {
            return new Client(id, groups, value, name, audience, issuer, ttl);
        }

        public Client name(String value) {
            return new Client(id, groups, tenant, value, audience, issuer, ttl);
        }

        public Client audience(String value) {
            return new Client(id, groups, tenant, name, value, issuer, ttl);
        }

        public Client issuer(String value) {
            return new Client(id, groups, tenant, name, audience, value, ttl);
        }

        public Client ttl(Duration value) {
            return new Client(id, groups, tenant, name, audience, issuer, value);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ThreadLocal<Setup> SETUP = new ThreadLocal<>();

    private record Setup(List<Client> clients, List<String> redirectUris) {
    }

    private final ConfigurableApplicationContext context;
    private final String issuer;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestIdentityProvider(ConfigurableApplicationContext context) {
        this.context = context;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.issuer = "http://127.0.0.1:" + port;
    }

    /** Starts a provider knowing these machine clients and letting the dashboard client return to these URIs. */
    public static TestIdentityProvider start(List<Client> clients, List<String> dashboardRedirectUris) {
        SETUP.set(new Setup(clients, dashboardRedirectUris));
        try {
            return new TestIdentityProvider(new SpringApplicationBuilder(Server.class)
                    .web(WebApplicationType.SERVLET)
                    .properties("server.port=0", "spring.config.name=flotilla-test-identity-provider",
                            "spring.main.banner-mode=off", "spring.jmx.enabled=false")
                    .run());
        } finally {
            SETUP.remove();
        }
    }

    public String issuer() {
        return issuer;
    }

    /** An access token for the machine client, by {@code client_credentials}. */
    public String token(String clientId) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret(clientId)).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token request for " + clientId + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body()).path("access_token").asString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Lets the dashboard client return to this URI too (known once the meta-controller listens). */
    public void allowRedirect(String uri) {
        RegisteredClientRepository clients = context.getBean(RegisteredClientRepository.class);
        RegisteredClient dashboard = clients.findByClientId(DASHBOARD_CLIENT);
        clients.save(RegisteredClient.from(dashboard).redirectUri(uri).build());
    }

    /** Each client's secret (the server wants them all different). */
    private static String secret(String clientId) {
        return "secret-of-" + clientId;
    }

    @Override
    public void close() {
        context.close();
    }

    /** A test configuration, so the meta-controller's component scan of the tests passes it by. */
    @TestConfiguration(proxyBeanMethods = false)
    @EnableWebSecurity
    @ImportAutoConfiguration({TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            SecurityFilterAutoConfiguration.class})
    static class Server {

        private final Setup setup = SETUP.get();

        /** The protocol endpoints: token, keys, discovery, authorize (which sends a browser to the login page). */
        @Bean
        @Order(1)
        SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
            http.oauth2AuthorizationServer(server -> {
                http.securityMatcher(server.getEndpointsMatcher());
                server.oidc(Customizer.withDefaults());
            });
            http.authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                    .cors(Customizer.withDefaults())
                    .exceptionHandling(e -> e.authenticationEntryPoint(
                            new org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint(
                                    "/login")));
            return http.build();
        }

        /** The login form of the people who sign in with the authorization code flow. */
        @Bean
        @Order(2)
        SecurityFilterChain login(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults());
            return http.build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername(USER).password("{noop}" + PASSWORD).roles("USER").build());
        }

        /** The browser's PKCE calls (discovery, token) come from the dashboard's origin. */
        @Bean
        CorsConfigurationSource corsConfigurationSource() {
            CorsConfiguration cors = new CorsConfiguration();
            cors.addAllowedOriginPattern("*");
            cors.addAllowedHeader("*");
            cors.addAllowedMethod("*");
            UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
            source.registerCorsConfiguration("/**", cors);
            return source;
        }

        @Bean
        RegisteredClientRepository clients() {
            List<RegisteredClient> clients = new ArrayList<>();
            for (Client client : setup.clients()) {
                ClientSettings.Builder settings = ClientSettings.builder().setting("flotilla.client", client);
                clients.add(RegisteredClient.withId(UUID.randomUUID().toString())
                        .clientId(client.id())
                        .clientSecret("{noop}" + secret(client.id()))
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                        .clientSettings(settings.build())
                        .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(client.ttl()).build())
                        .build());
            }
            RegisteredClient.Builder dashboard = RegisteredClient.withId(UUID.randomUUID().toString())
                    .clientId(DASHBOARD_CLIENT)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE)
                    .clientSettings(ClientSettings.builder().requireProofKey(true)
                            .requireAuthorizationConsent(false).build());
            setup.redirectUris().forEach(dashboard::redirectUri);
            if (setup.redirectUris().isEmpty()) {
                dashboard.redirectUri("http://127.0.0.1/unused");
            }
            clients.add(dashboard.build());
            return new InMemoryRegisteredClientRepository(clients);
        }

        /** Puts each client's claims (or the user's) into its access tokens. */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> claims() {
            return context -> {
                if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                    return;
                }
                var claims = context.getClaims();
                Object configured = context.getRegisteredClient().getClientSettings().getSetting("flotilla.client");
                if (configured instanceof Client client) {
                    claims.claim("groups", client.groups());
                    if (client.tenant() != null) {
                        claims.claim("tenant", client.tenant());
                    }
                    if (client.name() != null) {
                        claims.claim("name", client.name());
                    }
                    claims.audience(List.of(client.audience()));
                    if (client.issuer() != null) {
                        claims.issuer(client.issuer());
                    }
                } else {
                    // the person signed in through the dashboard client
                    claims.claim("groups", List.of("platform-admins"));
                    claims.claim("name", "Ada Lovelace");
                    claims.claim("preferred_username", context.getPrincipal().getName());
                    claims.audience(List.of(AUDIENCE));
                }
            };
        }

        @Bean
        JWKSource<SecurityContext> keys() {
            KeyPair pair;
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                pair = generator.generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                    .privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString())
                    .build();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }

        /** The provider's own user info endpoint reads its access tokens with it. */
        @Bean
        JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
            return NimbusJwtDecoder.withJwkSource(keys).build();
        }

        @Bean
        AuthorizationServerSettings settings() {
            return AuthorizationServerSettings.builder().build();
        }
    }
}
