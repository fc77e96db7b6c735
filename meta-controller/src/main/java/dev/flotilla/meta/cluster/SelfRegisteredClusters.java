package dev.flotilla.meta.cluster;

import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.meta.cluster.ClusterAgentRecords.Claimed;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The clusters agents add themselves with a reusable registration token: inserted READY, with the agent token and
 * the facts at once (there is no REGISTERING step, the agent is already there). Every method joins the caller's
 * transaction, which also counted the token's use: a refused insert rolls the use back with it.
 */
@Repository
public class SelfRegisteredClusters {

    /**
     * A cluster to add for a self-registering agent, its syntax already checked.
     *
     * @param registrationTokenId the token it registers with, kept to recognise a retried registration
     */
    public record NewSelfRegistered(String name, String tenant, String region, String zone,
            Map<String, String> labels, long registrationTokenId) {
    }

    private static final Logger log = LoggerFactory.getLogger(SelfRegisteredClusters.class);

    private static final String INSERT = """
            INSERT INTO cluster (name, tenant, region, zone, labels, state, agent_token_hash, registration_token_id,
                                 kubernetes_version, kruise_version, agent_version, node_count, reported_zones,
                                 kubelet_versions, removed_apis_in_use, registered_at, last_heartbeat_at,
                                 created_at, updated_at)
            VALUES (?, ?, ?, ?, ?::jsonb, 'READY', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (name) DO NOTHING
            RETURNING id, name, state""";

    /** The same self-registration again: same token, same name, same agent token, recent. */
    private static final String REPLAY = """
            UPDATE cluster SET kubernetes_version = ?, kruise_version = ?, agent_version = ?, node_count = ?,
                reported_zones = ?, kubelet_versions = ?, removed_apis_in_use = ?, last_heartbeat_at = ?,
                updated_at = ?
            WHERE name = ? AND registration_token_id = ? AND agent_token_hash = ? AND registered_at > ?
            RETURNING id, name, state""";

    private final JdbcClient jdbc;
    private final ClusterRows rows;

    SelfRegisteredClusters(JdbcClient jdbc, ClusterRows rows) {
        this.jdbc = jdbc;
        this.rows = rows;
    }

    /** @return the new cluster, or empty when the name is taken (by any cluster, of any tenant) */
    public Optional<Claimed> insert(NewSelfRegistered cluster, String agentTokenHash, ClusterFacts facts, Instant at) {
        Timestamp now = Timestamp.from(at);
        Optional<Claimed> inserted = jdbc.sql(INSERT)
                .params(cluster.name(), cluster.tenant(), cluster.region(), cluster.zone(),
                        rows.labelsJson(cluster.labels()), agentTokenHash, cluster.registrationTokenId(),
                        facts.kubernetesVersion(), facts.kruiseVersion(), facts.agentVersion(), facts.nodes(),
                        array(facts.zones()), array(facts.kubeletVersions()), array(facts.removedApisInUse()),
                        now, now, now, now)
                .query((rs, i) -> new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .optional();
        inserted.ifPresent(c -> log.info("Cluster {} added by its agent for tenant {} in {}/{}", c.name(),
                cluster.tenant(), cluster.region(), cluster.zone()));
        return inserted;
    }

    /**
     * A retry of a registration whose answer was lost: the cluster this token registered under this name with this
     * agent token after {@code registeredAfter}; stores the facts and the heartbeat.
     */
    public Optional<Claimed> replay(String name, long registrationTokenId, String agentTokenHash, ClusterFacts facts,
            Instant at, Instant registeredAfter) {
        Timestamp now = Timestamp.from(at);
        return jdbc.sql(REPLAY)
                .params(facts.kubernetesVersion(), facts.kruiseVersion(), facts.agentVersion(), facts.nodes(),
                        array(facts.zones()), array(facts.kubeletVersions()), array(facts.removedApisInUse()),
                        now, now, name, registrationTokenId, agentTokenHash, Timestamp.from(registeredAfter))
                .query((rs, i) -> new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    private static String[] array(List<String> values) {
        return values.toArray(String[]::new);
    }
}
