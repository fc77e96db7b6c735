package dev.flotilla.meta.cluster;

import dev.flotilla.meta.config.FlotillaProperties;
import dev.flotilla.meta.token.Secrets;
import dev.flotilla.meta.web.ExpiringCache;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Resolves agent tokens to their cluster. Every poll carries one, so answers are cached for
 * {@code flotilla.agent.agent-token-cache-ttl} (longer than a poll); a revocation on this replica evicts at once.
 */
@Service
public class AgentCredentials {

    private final JdbcClient jdbc;
    private final ExpiringCache<String, AgentCaller> agents;

    AgentCredentials(JdbcClient jdbc, FlotillaProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.agents = new ExpiringCache<>(properties.agent().agentTokenCacheTtl(), 50_000, clock);
    }

    public Optional<AgentCaller> resolve(String secret) {
        return agents.get(Secrets.hash(secret), hash -> jdbc
                .sql("SELECT id, name FROM cluster WHERE agent_token_hash = ?")
                .param(hash)
                .query((rs, i) -> new AgentCaller(rs.getLong(1), rs.getString(2)))
                .optional());
    }

    /** Forgets any cached token of this cluster (its token was revoked or the cluster deleted). */
    public void evictCluster(long clusterId) {
        agents.evictIf(caller -> caller.clusterId() == clusterId);
    }
}
