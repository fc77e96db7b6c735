package dev.flotilla.meta.registration;

import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.api.agent.RegisterRequest;
import dev.flotilla.meta.cluster.ClusterAgentRecords.Claimed;
import dev.flotilla.meta.cluster.ClusterSyntax;
import dev.flotilla.meta.cluster.SelfRegisteredClusters;
import dev.flotilla.meta.cluster.SelfRegisteredClusters.NewSelfRegistered;
import dev.flotilla.meta.token.Secrets;
import dev.flotilla.meta.web.FlotillaException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Adds the cluster of an agent that registers with a reusable registration token. The use is counted and the
 * cluster inserted in the caller's transaction: a refusal (a name taken, a label or zone that does not fit) throws,
 * and the use is rolled back with the rest. A registration retried with the same token, name and proposed agent
 * token (its answer was lost) is answered again without counting a use.
 */
@Service
public class SelfRegistration {

    private final RegistrationTokens tokens;
    private final SelfRegisteredClusters clusters;
    private final Clock clock;

    SelfRegistration(RegistrationTokens tokens, SelfRegisteredClusters clusters, Clock clock) {
        this.tokens = tokens;
        this.clusters = clusters;
        this.clock = clock;
    }

    /**
     * @param agentTokenHash the hash of the agent token the new cluster's agent will use
     * @param retriedAfter a registration after this instant with the same agent token is answered again; null when
     *                     the agent token was generated here (such a registration cannot be retried)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Claimed register(String registrationToken, RegisterRequest request, String agentTokenHash,
            Instant retriedAfter) {
        String name = ClusterSyntax.requireDnsLabel("clusterName", request.clusterName());
        ClusterFacts facts = request.facts();
        String hash = Secrets.hash(registrationToken);
        Instant now = clock.instant();
        if (retriedAfter != null) {
            Optional<Claimed> replayed = tokens.stored(hash).flatMap(stored ->
                    clusters.replay(name, stored.id(), agentTokenHash, facts, now, retriedAfter));
            if (replayed.isPresent()) {
                return replayed.get();
            }
        }
        RegistrationTokens.Use use = tokens.use(hash, name, now).orElseThrow(() -> refusal(hash, now));
        NewSelfRegistered cluster = new NewSelfRegistered(name, use.tenant(),
                place("region", use.region(), facts.regions().isEmpty() ? null : facts.regions().get(0)),
                place("zone", use.zone(), facts.zones().isEmpty() ? null : facts.zones().get(0)),
                labels(use.labels(), request.clusterLabels()), use.id());
        return clusters.insert(cluster, agentTokenHash, facts, now)
                .orElseThrow(() -> FlotillaException.conflict("a cluster named '" + name + "' already exists; "
                        + "start the agent with another cluster name").with("cluster", name));
    }

    /** The token's own region or zone wins; else the first one the cluster's nodes report. */
    private static String place(String field, String fromToken, String reported) {
        if (fromToken != null) {
            return fromToken;
        }
        if (reported == null) {
            throw FlotillaException.badInput("the registration token names no " + field + " and the cluster's "
                    + "nodes report none (label topology.kubernetes.io/" + field + "); issue a token with a "
                    + field).with("field", field);
        }
        return ClusterSyntax.requireDnsLabel(field, reported);
    }

    /** The agent's labels under the token's: an admin's label is never overridden by the agent. */
    private static Map<String, String> labels(Map<String, String> fromToken, Map<String, String> fromAgent) {
        Map<String, String> labels = new TreeMap<>(fromAgent);
        labels.putAll(fromToken);
        ClusterSyntax.checkLabels(labels);
        return labels;
    }

    /** A second read, only on refusal, says which rule refused the token. */
    private FlotillaException refusal(String hash, Instant now) {
        Optional<RegistrationTokens.Stored> stored = tokens.stored(hash);
        if (stored.isEmpty()) {
            return FlotillaException.unauthorized("the registration token is unknown");
        }
        RegistrationTokens.Stored token = stored.get();
        if (token.revokedAt() != null) {
            return FlotillaException.unauthorized("the registration token '" + token.name() + "' was revoked at "
                    + token.revokedAt()).with("registrationToken", token.name());
        }
        if (!token.expiresAt().isAfter(now)) {
            return FlotillaException.unauthorized("the registration token '" + token.name() + "' expired at "
                    + token.expiresAt()).with("registrationToken", token.name());
        }
        return FlotillaException.forbidden("the registration token '" + token.name() + "' was used "
                + token.uses() + " times of " + token.maxUses() + " allowed; ask an admin for another")
                .with("registrationToken", token.name());
    }
}
