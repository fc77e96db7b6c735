package dev.flotilla.agent.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the tenant agent is told ({@code flotilla.agent.*}).
 *
 * @param url the meta-controller's base URL
 * @param bootstrapToken the one-time registration token (from the environment: FLOTILLA_AGENT_BOOTSTRAPTOKEN)
 * @param bootstrapTokenFile or a file holding it (a mounted Secret)
 * @param name the agent's name in logs before the meta-controller names its cluster
 * @param tokenStore where the agent token is kept
 * @param kubeconfig a kubeconfig file; empty means in-cluster config, else the default kubeconfig
 * @param backend {@code kubernetes}, the only one (simulated clusters are the {@code fleet-sim} module's)
 * @param pollTimeout how long a work long poll may wait
 * @param reportBufferSize reports kept while the meta-controller is unreachable
 * @param tick how often every work item is reconciled
 * @param factsInterval how often the cluster facts are rediscovered
 * @param agentVersion reported with the facts
 * @param registrationToken a reusable registration token ({@code flr_...}, from the environment:
 *                          FLOTILLA_AGENT_REGISTRATIONTOKEN): with {@code clusterName} the agent adds its own cluster;
 *                          used instead of the bootstrap token when both are set
 * @param clusterName the name of the cluster the agent adds with the registration token (a DNS-1123 label)
 * @param clusterLabels labels the agent asks for its cluster, added to the registration token's own
 */
@Validated
@ConfigurationProperties("flotilla.agent")
public record AgentProperties(
        @NotNull URI url,
        String bootstrapToken,
        Path bootstrapTokenFile,
        @DefaultValue("agent") @NotBlank String name,
        @Valid @DefaultValue TokenStore tokenStore,
        Path kubeconfig,
        @DefaultValue("kubernetes") @NotNull Backend backend,
        @DefaultValue("30s") @NotNull Duration pollTimeout,
        @DefaultValue("1000") @Min(1) @Max(100_000) int reportBufferSize,
        @DefaultValue("1s") @NotNull Duration tick,
        @DefaultValue("10m") @NotNull Duration factsInterval,
        @DefaultValue("dev") @NotBlank String agentVersion,
        String registrationToken,
        @Pattern(regexp = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", message = "must be a DNS-1123 label") String clusterName,
        Map<String, String> clusterLabels) {

    public AgentProperties {
        clusterLabels = clusterLabels == null ? Map.of() : Map.copyOf(clusterLabels);
    }

    /** A registration token adds a cluster, which needs a name. */
    @AssertTrue(message = "flotilla.agent.cluster-name must be set with flotilla.agent.registration-token")
    public boolean isClusterNamedForRegistration() {
        return registrationToken == null || registrationToken.isBlank() || clusterName != null;
    }

    /** Which cluster the agent drives: its Kubernetes API (a value such as {@code simulated} is refused at start). */
    public enum Backend { kubernetes }

    /** Where the agent token goes: a Secret in the agent's namespace in-cluster ({@code auto}), else a file. */
    public enum TokenStoreKind { auto, file, secret }

    /**
     * @param kind auto picks {@code secret} when running in a pod, {@code file} otherwise
     * @param file the token file for {@code file}
     * @param secretName the Secret for {@code secret} (in the pod's own namespace unless secretNamespace is set)
     */
    public record TokenStore(
            @DefaultValue("auto") @NotNull TokenStoreKind kind,
            @DefaultValue("agent-token") @NotNull Path file,
            @DefaultValue("flotilla-agent-token") @NotBlank String secretName,
            String secretNamespace) {
    }
}
