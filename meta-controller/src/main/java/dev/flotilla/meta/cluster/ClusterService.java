package dev.flotilla.meta.cluster;

import dev.flotilla.meta.config.FlotillaProperties;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.token.Secrets;
import dev.flotilla.meta.web.FlotillaException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Adds, shows, changes and removes the clusters of the inventory, within the caller's tenant. */
@Service
public class ClusterService {

    private static final Logger log = LoggerFactory.getLogger(ClusterService.class);

    private final JdbcClient jdbc;
    private final ClusterRows rows;
    private final AgentCredentials agents;
    private final FlotillaProperties properties;
    private final Clock clock;

    ClusterService(JdbcClient jdbc, ClusterRows rows, AgentCredentials agents, FlotillaProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.agents = agents;
        this.properties = properties;
        this.clock = clock;
    }

    /** Adds a cluster in REGISTERING with a one-time bootstrap token for its agent. */
    @Transactional
    public IssuedBootstrapToken create(ApiCaller caller, NewCluster request) {
        ClusterSyntax.checkLabels(request.labels());
        requireOwnTenant(caller, request.tenant());
        Instant now = clock.instant();
        String secret = Secrets.generate(Secrets.BOOTSTRAP_PREFIX);
        Instant expiresAt = now.plus(properties.agent().bootstrapTtl());
        Cluster cluster = jdbc.sql("""
                        INSERT INTO cluster (name, tenant, region, zone, labels, bootstrap_token_hash,
                                             bootstrap_expires_at, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
                        ON CONFLICT (name) DO NOTHING
                        RETURNING\s""" + ClusterRows.COLUMNS)
                .params(request.name(), request.tenant(), request.region(), request.zone(),
                        rows.labelsJson(request.labels()), Secrets.hash(secret), ClusterRows.timestamp(expiresAt),
                        ClusterRows.timestamp(now), ClusterRows.timestamp(now))
                .query(rows.mapper())
                .optional()
                .orElseThrow(() -> FlotillaException.conflict("a cluster named '" + request.name()
                        + "' already exists").with("cluster", request.name()))
                .cluster();
        log.info("Cluster {} added for tenant {} in {}/{}", cluster.name(), cluster.tenant(), cluster.region(),
                cluster.zone());
        return new IssuedBootstrapToken(cluster, secret, expiresAt);
    }

    @Transactional(readOnly = true)
    public Cluster get(ApiCaller caller, String name) {
        return rows.visible(name, caller, false).cluster();
    }

    /** Applies a merge patch, checked as a whole before anything is written. */
    @Transactional
    public Cluster patch(ApiCaller caller, String name, ClusterPatch patch) {
        ClusterRows.Row row = rows.visible(name, caller, true);
        Cluster current = row.cluster();
        if (patch.isEmpty()) {
            return current;
        }
        Map<String, String> labels = patch.applyTo(current.labels());
        String tenant = patch.tenant() == null ? current.tenant() : patch.tenant();
        requireOwnTenant(caller, tenant);
        Cluster changed = jdbc.sql("""
                        UPDATE cluster SET tenant = ?, region = ?, zone = ?, labels = ?::jsonb, updated_at = ?,
                                           row_version = row_version + 1
                        WHERE id = ?
                        RETURNING\s""" + ClusterRows.COLUMNS)
                .params(tenant, orElse(patch.region(), current.region()), orElse(patch.zone(), current.zone()),
                        rows.labelsJson(labels), ClusterRows.timestamp(clock.instant()), row.id())
                .query(rows.mapper())
                .single()
                .cluster();
        log.info("Cluster {} changed: tenant {}, region {}, zone {}, {} labels", name, changed.tenant(),
                changed.region(), changed.zone(), changed.labels().size());
        return changed;
    }

    /** Removes a cluster; its agent token stops working once the removal commits. */
    @Transactional
    public void delete(ApiCaller caller, String name) {
        ClusterRows.Row row = rows.visible(name, caller, true);
        jdbc.sql("DELETE FROM cluster WHERE id = ?").param(row.id()).update();
        evictAgentAfterCommit(agents, row.id());
        log.info("Cluster {} removed", name);
    }

    /** Forgets the cluster's cached agent token after the commit, so no request re-caches the old row. */
    static void evictAgentAfterCommit(AgentCredentials agents, long clusterId) {
        agents.evictCluster(clusterId);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    agents.evictCluster(clusterId);
                }
            });
        }
    }

    static void requireOwnTenant(ApiCaller caller, String tenant) {
        if (!caller.sees(tenant)) {
            throw FlotillaException.forbidden("the token is limited to tenant '" + caller.tenant()
                    + "' and cannot place a cluster in tenant '" + tenant + "'").with("tenant", tenant);
        }
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
