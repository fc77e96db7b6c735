package dev.flotilla.agent.hub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the agent's HTTP client reaches the meta-controller: which CAs it trusts (a configured bundle replaces the
 * JVM's trust store), the client certificate it presents if asked, and an HTTP proxy (HTTPS through CONNECT).
 * Hostname verification stays on: the certificate must name the host of the meta-controller's URL.
 *
 * @param sslContext null for the JVM's default
 * @param proxy null to connect directly
 */
public record HubTransport(SSLContext sslContext, ProxySelector proxy) {

    private static final char[] NO_PASSWORD = new char[0];

    /** The JVM's trust store, no client certificate, no proxy. */
    public static HubTransport direct() {
        return new HubTransport(null, null);
    }

    /**
     * @param caBundle PEM certificates to trust instead of the JVM's trust store; null for the JVM's
     * @param clientCertificate PEM certificate (chain) to present; null for none (then clientKey must be null too)
     * @param clientKey its PEM private key
     * @param proxyUrl {@code http://host:port}; null for no proxy
     * @param noProxy hosts reached directly: exact names, or suffixes starting with a dot
     */
    public static HubTransport of(Path caBundle, Path clientCertificate, Path clientKey, URI proxyUrl,
            List<String> noProxy) {
        if ((clientCertificate == null) != (clientKey == null)) {
            throw new IllegalArgumentException("a client certificate needs its key and a key its certificate:"
                    + " set both flotilla.agent.tls.client-certificate and flotilla.agent.tls.client-key, or neither");
        }
        SSLContext ssl = caBundle == null && clientCertificate == null ? null
                : sslContext(caBundle, clientCertificate, clientKey);
        return new HubTransport(ssl, proxyUrl == null ? null : proxySelector(proxyUrl, noProxy));
    }

    /** A builder with this transport applied. */
    public HttpClient.Builder applyTo(HttpClient.Builder builder) {
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        if (proxy != null) {
            builder.proxy(proxy);
        }
        return builder;
    }

    private static SSLContext sslContext(Path caBundle, Path clientCertificate, Path clientKey) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(caBundle == null ? null : trustStore(PemFiles.certificates(caBundle)));
            KeyManagerFactory keys = null;
            if (clientCertificate != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(keyStore(PemFiles.privateKey(clientKey), PemFiles.certificates(clientCertificate)),
                        NO_PASSWORD);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS to the meta-controller: " + e.getMessage(), e);
        }
    }

    private static KeyStore trustStore(List<X509Certificate> cas) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca-" + i, cas.get(i));
        }
        return store;
    }

    private static KeyStore keyStore(PrivateKey key, List<X509Certificate> chain)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
        return store;
    }

    private static ProxySelector proxySelector(URI url, List<String> noProxy) {
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null || url.getPort() < 0) {
            throw new IllegalArgumentException("flotilla.agent.proxy.url must be http://host:port, not " + url);
        }
        Proxy proxy = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(url.getHost(), url.getPort()));
        List<String> direct = noProxy == null ? List.of()
                : noProxy.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
                boolean bypass = direct.stream().anyMatch(h -> h.startsWith(".") ? host.endsWith(h) : host.equals(h));
                return List.of(bypass ? Proxy.NO_PROXY : proxy);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
                // the HTTP client reports the failure to its caller, which retries with backoff
            }
        };
    }
}
