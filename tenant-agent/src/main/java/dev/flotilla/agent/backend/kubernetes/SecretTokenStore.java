package dev.flotilla.agent.backend.kubernetes;

import dev.flotilla.agent.hub.TokenStore;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The agent token in a Secret of the agent's own namespace (in-cluster agents). */
public final class SecretTokenStore implements TokenStore {

    static final String KEY = "agent-token";

    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    public SecretTokenStore(KubernetesClient client, String namespace, String name) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }

    @Override
    public Optional<String> load() {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null || secret.getData() == null || secret.getData().get(KEY) == null) {
            return Optional.empty();
        }
        return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(KEY)), StandardCharsets.UTF_8));
    }

    @Override
    public void save(String agentToken) {
        Secret secret = new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "flotilla-agent").endMetadata()
                .withType("Opaque")
                .addToStringData(KEY, agentToken)
                .build();
        client.secrets().inNamespace(namespace).resource(secret).createOr(existing -> existing.update());
    }
}
