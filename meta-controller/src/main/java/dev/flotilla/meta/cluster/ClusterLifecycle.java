package dev.flotilla.meta.cluster;

import dev.flotilla.meta.config.FlotillaProperties;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.token.Secrets;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The operator's controls on a cluster: cordon, uncordon and a new bootstrap token. */
@Service
public class ClusterLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClusterLifecycle.class);

    private final JdbcClient jdbc;
    private final ClusterRows rows;
    private final AgentCredentials agents;
    private final FlotillaProperties properties;
    private final Clock clock;

    ClusterLifecycle(JdbcClient jdbc, ClusterRows rows, AgentCredentials agents, FlotillaProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.agents = agents;
        this.properties = properties;
        this.clock = clock;
    }

    /** Keeps rollouts away from the cluster until an operator uncordons it; cordoning twice changes nothing. */
    @Transactional
    public Cluster cordon(ApiCaller caller, String name) {
        ClusterRows.Row row = rows.visible(name, caller, true);
        return moveTo(row, row.cluster().state().cordon());
    }

    /** Gives a cordoned cluster back the state its agent's health implies. */
    @Transactional
    public Cluster uncordon(ApiCaller caller, String name) {
        ClusterRows.Row row = rows.visible(name, caller, true);
        ClusterState next = row.cluster().state().uncordon(row.agentRegistered(), row.cluster().lastHeartbeat(),
                clock.instant(), properties.agent().heartbeatTimeout());
        return moveTo(row, next);
    }

    /**
     * Issues a new bootstrap token and revokes the agent's token, so the agent must register again
     * (a lost or leaked credential, a rebuilt cluster). The cluster returns to REGISTERING unless cordoned.
     */
    @Transactional
    public IssuedBootstrapToken reissueBootstrapToken(ApiCaller caller, String name) {
        ClusterRows.Row row = rows.visible(name, caller, true);
        Instant now = clock.instant();
        String secret = Secrets.generate(Secrets.BOOTSTRAP_PREFIX);
        Instant expiresAt = now.plus(properties.agent().bootstrapTtl());
        Cluster cluster = jdbc.sql("""
                        UPDATE cluster SET bootstrap_token_hash = ?, bootstrap_expires_at = ?, agent_token_hash = NULL,
                                           registered_bootstrap_hash = NULL, state = ?, updated_at = ?,
                                           row_version = row_version + 1
                        WHERE id = ?
                        RETURNING\s""" + ClusterRows.COLUMNS)
                .params(Secrets.hash(secret), ClusterRows.timestamp(expiresAt),
                        row.cluster().state().afterBootstrapReissue().name(), ClusterRows.timestamp(now), row.id())
                .query(rows.mapper())
                .single()
                .cluster();
        ClusterService.evictAgentAfterCommit(agents, row.id());
        log.info("Cluster {} has a new bootstrap token; its agent token is revoked, state {}", name, cluster.state());
        return new IssuedBootstrapToken(cluster, secret, expiresAt);
    }

    private Cluster moveTo(ClusterRows.Row row, ClusterState next) {
        ClusterState from = row.cluster().state();
        if (next == from) {
            return row.cluster();
        }
        Cluster cluster = jdbc.sql("""
                        UPDATE cluster SET state = ?, updated_at = ?, row_version = row_version + 1
                        WHERE id = ?
                        RETURNING\s""" + ClusterRows.COLUMNS)
                .params(next.name(), ClusterRows.timestamp(clock.instant()), row.id())
                .query(rows.mapper())
                .single()
                .cluster();
        log.info("Cluster {} moved from {} to {}", cluster.name(), from, next);
        return cluster;
    }
}
