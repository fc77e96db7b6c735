package dev.flotilla.agent.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.flotilla.agent.hub.TestCertificates.Issued;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent's HTTP client against a local HTTPS meta-controller stand-in whose certificate a throw-away CA signed:
 * trusted through the configured bundle only, with a client certificate when the stand-in requires one.
 */
class HubTransportTest {

    @TempDir
    Path dir;

    private final Issued ca = TestCertificates.authority("flotilla-test-ca");
    private final List<String> clients = new CopyOnWriteArrayList<>();
    private HttpsServer server;

    @BeforeEach
    void start() throws Exception {
        Issued serverCertificate = TestCertificates.issue(ca, "meta-controller", "EC");
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            var peers = ((HttpsExchange) exchange).getSSLSession();
            try {
                clients.add(((X509Certificate) peers.getPeerCertificates()[0]).getSubjectX500Principal().getName());
            } catch (javax.net.ssl.SSLPeerUnverifiedException anonymous) {
                clients.add("anonymous");
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        SSLContext context = serverCertificate.sslContext(ca);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                // asks for a client certificate and records who answered (setSSLParameters wins over setters)
                SSLParameters asked = context.getDefaultSSLParameters();
                asked.setWantClientAuth(true);
                parameters.setSSLParameters(asked);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void reachesTheMetaControllerWhoseCaIsInTheConfiguredBundle() {
        HubTransport transport = HubTransport.of(ca.writeCertificate(dir.resolve("ca.crt")), null, null, null, null);

        assertThat(poll(transport)).isNull();
        assertThat(clients).containsExactly("anonymous");
    }

    @Test
    void refusesTheMetaControllerWithoutTheBundleOnTheJvmsOwnTrustStore() {
        assertThatThrownBy(() -> poll(HubTransport.direct())).isInstanceOf(HubException.Unavailable.class)
                .hasCauseInstanceOf(SSLHandshakeException.class);
        assertThat(clients).isEmpty();
    }

    @Test
    void refusesTheMetaControllerWhenTheBundleHoldsAnotherCa() {
        Issued other = TestCertificates.authority("another-ca");
        HubTransport transport = HubTransport.of(other.writeCertificate(dir.resolve("ca.crt")), null, null, null,
                null);

        assertThatThrownBy(() -> poll(transport)).isInstanceOf(HubException.Unavailable.class)
                .hasCauseInstanceOf(SSLHandshakeException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EC-PKCS8", "RSA-PKCS8", "RSA-PKCS1"})
    void presentsItsClientCertificateFromAKubernetesTlsSecretsFiles(String keyFormat) {
        Issued agent = TestCertificates.issue(ca, "agent-prod-eu-1", keyFormat.substring(0, keyFormat.indexOf('-')));
        Path key = keyFormat.endsWith("PKCS1") ? agent.writePkcs1Key(dir.resolve("tls.key"))
                : agent.writePkcs8Key(dir.resolve("tls.key"));
        HubTransport transport = HubTransport.of(ca.writeCertificate(dir.resolve("ca.crt")),
                agent.writeCertificate(dir.resolve("tls.crt")), key, null, null);

        assertThat(poll(transport)).isNull();
        assertThat(clients).containsExactly("CN=agent-prod-eu-1");
    }

    @Test
    void refusesACertificateWithoutItsKey() {
        Issued agent = TestCertificates.issue(ca, "agent", "EC");

        assertThatThrownBy(() -> HubTransport.of(null, agent.writeCertificate(dir.resolve("tls.crt")), null, null,
                null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("flotilla.agent.tls.client-key");
    }

    @Test
    void sendsTheMetaControllerCallsThroughTheProxyExceptToNoProxyHosts() throws Exception {
        List<URI> proxied = new CopyOnWriteArrayList<>();
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            proxied.add(exchange.getRequestURI());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        proxy.start();
        try (StubHub direct = new StubHub().on("/agent/v1/work", StubHub.Answer.empty(204))) {
            URI proxyUrl = URI.create("http://127.0.0.1:" + proxy.getAddress().getPort());
            HubTransport transport = HubTransport.of(null, null, null, proxyUrl, List.of(".internal", "127.0.0.1"));

            // a name no resolver knows: only the proxy can take the request
            assertThat(poll(transport, URI.create("http://flotilla.example.com:8080"))).isNull();
            assertThat(poll(transport, direct.uri())).isNull();

            assertThat(proxied).singleElement().asInstanceOf(InstanceOfAssertFactories.type(URI.class))
                    .satisfies(uri -> assertThat(uri.getHost()).isEqualTo("flotilla.example.com"));
            assertThat(direct.to("/agent/v1/work")).hasSize(1);
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    void refusesAProxyThatIsNotHttpHostPort() {
        assertThatThrownBy(() -> HubTransport.of(null, null, null, URI.create("socks5://proxy:1080"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flotilla.agent.proxy.url");
    }

    private Object poll(HubTransport transport) {
        return poll(transport, URI.create("https://127.0.0.1:" + server.getAddress().getPort()));
    }

    private static Object poll(HubTransport transport, URI base) {
        HttpClient http = transport.applyTo(HttpClient.newBuilder()).connectTimeout(Duration.ofSeconds(5)).build();
        HubClient client = new HubClient(http, JsonMapper.builder().build(), base, Duration.ofSeconds(5));
        try {
            return client.work("flt_agent", 0, 1).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }
}
