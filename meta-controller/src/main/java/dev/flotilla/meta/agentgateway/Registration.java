package dev.flotilla.meta.agentgateway;

import dev.flotilla.api.agent.AgentProtocol;
import dev.flotilla.api.agent.AgentTokens;
import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.api.agent.RegisterRequest;
import dev.flotilla.api.agent.RegisterResponse;
import dev.flotilla.meta.cluster.AgentCaller;
import dev.flotilla.meta.cluster.AgentCredentials;
import dev.flotilla.meta.cluster.ClusterAgentRecords.Claimed;
import dev.flotilla.meta.cluster.ClusterAgentRecords;
import dev.flotilla.meta.config.FlotillaProperties;
import dev.flotilla.meta.registration.SelfRegistration;
import dev.flotilla.meta.token.Secrets;
import dev.flotilla.meta.web.FlotillaException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Trades a one-time bootstrap token for the cluster's agent token, or adds the cluster of an agent that registers
 * with a reusable registration token ({@link SelfRegistration}), and keeps the facts agents report.
 * The trade is one conditional UPDATE ({@link ClusterAgentRecords#trade}), so two agents racing with the same token
 * cannot both win. An agent may propose its agent token; a registration retried with the same bootstrap token and the
 * same proposal within {@link #RETRY_WINDOW} of the first (whose answer was lost on the way) gets the same answer
 * again ({@link ClusterAgentRecords#replay}).
 */
@Service
class Registration {

    /** How a registration ended. */
    sealed interface Outcome {
    }

    record Registered(RegisterResponse response) implements Outcome {
    }

    /** The token opens nothing; {@code detail} says why without revealing which cluster it was for. */
    record Refused(String detail) implements Outcome {
    }

    /** The request itself is malformed (a proposed agent token of the wrong shape). */
    record Invalid(String detail) implements Outcome {
    }

    /** How long after a registration the same request is answered again. */
    static final Duration RETRY_WINDOW = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(Registration.class);

    private final JdbcClient jdbc;
    private final ClusterAgentRecords clusters;
    private final Clock clock;
    private final AgentCredentials credentials;
    private final WorkGenerations generations;
    private final SelfRegistration selfRegistration;
    private final int pollTimeoutSeconds;

    Registration(JdbcClient jdbc, ClusterAgentRecords clusters, Clock clock, AgentCredentials credentials,
            WorkGenerations generations, SelfRegistration selfRegistration, FlotillaProperties properties) {
        this.jdbc = jdbc;
        this.selfRegistration = selfRegistration;
        this.clusters = clusters;
        this.clock = clock;
        this.credentials = credentials;
        this.generations = generations;
        // the work endpoint accepts 1..60 s, so the advice given to agents stays inside that range
        this.pollTimeoutSeconds = (int) Math.min(60, Math.max(1, properties.agent().pollTimeout().toSeconds()));
    }

    /** The long-poll wait agents are told to use, and the default of a poll that names none. */
    int pollTimeoutSeconds() {
        return pollTimeoutSeconds;
    }

    /**
     * @param token a one-time bootstrap token ({@code flb_}) or a reusable registration token ({@code flr_}), which
     *              needs the request's cluster name; a refusal of the latter throws (and counts no use)
     * @param proposedToken the agent token the agent asks for ({@link AgentTokens#PROPOSED_HEADER}), or null to
     *                      have one generated (such a registration cannot be answered twice)
     * @param protocol the agent protocol version the agent speaks (logged with its version)
     */
    @Transactional
    public Outcome register(String token, String proposedToken, RegisterRequest request,
            AgentProtocol.Version protocol) {
        boolean reusable = token != null && token.startsWith(Secrets.REGISTRATION_PREFIX);
        if (token == null || !(reusable || token.startsWith(Secrets.BOOTSTRAP_PREFIX))) {
            return new Refused("registration requires a bootstrap token (Authorization: Bearer flb_...) or a "
                    + "registration token (flr_...)");
        }
        if (proposedToken != null && !AgentTokens.wellFormed(proposedToken)) {
            return new Invalid("header " + AgentTokens.PROPOSED_HEADER + " must be an agent token: 'fla_' and 43 "
                    + "base64url characters (32 random bytes)");
        }
        String agentToken = proposedToken != null ? proposedToken : AgentTokens.generate();
        if (reusable) {
            Claimed cluster = selfRegistration.register(token, request, Secrets.hash(agentToken),
                    proposedToken == null ? null : clock.instant().minus(RETRY_WINDOW));
            return registered(cluster, agentToken, request.facts(), protocol);
        }
        return trade(Secrets.hash(token), proposedToken, agentToken, request.facts(), protocol);
    }

    private Outcome trade(String hash, String proposedToken, String agentToken, ClusterFacts facts,
            AgentProtocol.Version protocol) {
        Instant now = clock.instant();
        Optional<Claimed> claimed = clusters.trade(hash, Secrets.hash(agentToken), facts, now);
        if (claimed.isEmpty() && proposedToken != null) {
            claimed = clusters.replay(hash, Secrets.hash(agentToken), facts, now,
                    clock.instant().minus(RETRY_WINDOW));
            if (claimed.isPresent()) {
                log.info("Cluster {}: a retried registration got its first answer again", claimed.get().name());
                return new Registered(new RegisterResponse(claimed.get().name(), agentToken, pollTimeoutSeconds));
            }
        }
        if (claimed.isEmpty()) {
            return new Refused(whyRefused(hash));
        }
        return registered(claimed.get(), agentToken, facts, protocol);
    }

    private Outcome registered(Claimed cluster, String agentToken, ClusterFacts facts,
            AgentProtocol.Version protocol) {
        // a re-registration replaces the agent token: the old one must stop working here at once
        credentials.evictCluster(cluster.id());
        generations.forget(cluster.id());
        log.info("Cluster {} registered its agent (agent {}, protocol {}, Kubernetes {}); state {}", cluster.name(),
                facts.agentVersion(), protocol, facts.kubernetesVersion(), cluster.state());
        return new Registered(new RegisterResponse(cluster.name(), agentToken, pollTimeoutSeconds));
    }

    /** Stores the facts the agent reports about its own cluster. */
    @Transactional
    public void updateFacts(AgentCaller agent, ClusterFacts facts) {
        if (!clusters.updateFacts(agent.clusterId(), facts, clock.instant())) {
            throw FlotillaException.notFound("cluster", agent.cluster());
        }
    }

    /** A second read, only on failure, tells an expired token from an unknown or used one. */
    private String whyRefused(String hash) {
        Optional<Instant> expiredAt = jdbc.sql("SELECT bootstrap_expires_at FROM cluster WHERE bootstrap_token_hash = ?")
                .param(hash)
                .query((rs, i) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                .optional().flatMap(at -> at);
        return expiredAt.map(at -> "the bootstrap token expired at " + at + "; ask an admin for a new one")
                .orElse("the bootstrap token is unknown or was already used");
    }
}
