package dev.flotilla.agent.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the agent runs on a network ({@code flotilla.agent.tls.*}, {@code .proxy.*}, {@code .management.*}): the
 * connection to the meta-controller and the port of its probes and metrics. Bound beside {@link AgentProperties}
 * (same prefix, which ignores these keys) so that what the agent is told to do and how it is reached stay apart.
 *
 * @param tls the CAs it trusts and the client certificate it presents to the meta-controller
 * @param proxy an HTTP proxy towards the meta-controller
 * @param management the port of {@code /livez}, {@code /readyz} and {@code /metrics}
 */
@Validated
@ConfigurationProperties("flotilla.agent")
public record AgentNetworkProperties(
        @Valid @DefaultValue Tls tls,
        @Valid @DefaultValue Proxy proxy,
        @Valid @DefaultValue Management management) {

    /**
     * @param caBundle PEM CA certificates trusted instead of the JVM's trust store (a mounted ConfigMap)
     * @param clientCertificate PEM certificate presented when the meta-controller (or its proxy) asks for one
     * @param clientKey its PEM private key (PKCS#8, or PKCS#1 RSA)
     */
    public record Tls(Path caBundle, Path clientCertificate, Path clientKey) {
    }

    /**
     * @param url {@code http://host:port}; HTTPS to the meta-controller goes through it with CONNECT
     * @param noProxy hosts reached directly: exact names, or suffixes starting with a dot
     */
    public record Proxy(URI url, @DefaultValue List<String> noProxy) {
    }

    /**
     * @param enabled whether the management port is opened at all
     * @param port 0 picks a free port (tests)
     * @param pollStaleness readiness fails when no work poll was answered for this long
     * @param apiServerCheck how often the cluster's API server is asked for its version
     */
    public record Management(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("9090") @Min(0) @Max(65535) int port,
            @DefaultValue("2m") @NotNull Duration pollStaleness,
            @DefaultValue("15s") @NotNull Duration apiServerCheck) {
    }
}
