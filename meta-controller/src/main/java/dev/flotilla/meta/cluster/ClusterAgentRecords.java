package dev.flotilla.meta.cluster;

import dev.flotilla.api.agent.ClusterFacts;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The agent-facing columns of {@code cluster}: the agent token, the facts an agent reports, its heartbeat and the
 * READY / NOT_READY it drives, and the work generation. The agent gateway decides when (token checks, caching,
 * coalescing, scheduling); these are the statements it runs, each one set-based and conditional, so replicas may
 * run them at once. Every method joins the caller's transaction, if any.
 */
@Repository
public class ClusterAgentRecords {

    /** The cluster a registration claimed (or claimed again), and its state after the claim. */
    public record Claimed(long id, String name, String state) {
    }

    private static final String REGISTER = """
            UPDATE cluster SET bootstrap_token_hash = NULL, registered_bootstrap_hash = bootstrap_token_hash,
                agent_token_hash = ?,
                kubernetes_version = ?, kruise_version = ?, agent_version = ?, node_count = ?,
                reported_zones = ?, kubelet_versions = ?, removed_apis_in_use = ?,
                registered_at = ?, last_heartbeat_at = ?, updated_at = ?, row_version = row_version + 1,
                state = CASE WHEN state = 'CORDONED' THEN 'CORDONED' ELSE 'READY' END
            WHERE bootstrap_token_hash = ? AND bootstrap_expires_at > ?
            RETURNING id, name, state""";

    /** The same registration again: same bootstrap token, same agent token, still current and recent. */
    private static final String REPLAY = """
            UPDATE cluster SET kubernetes_version = ?, kruise_version = ?, agent_version = ?, node_count = ?,
                reported_zones = ?, kubelet_versions = ?, removed_apis_in_use = ?, last_heartbeat_at = ?,
                updated_at = ?
            WHERE registered_bootstrap_hash = ? AND agent_token_hash = ? AND registered_at > ?
              AND bootstrap_expires_at > ?
            RETURNING id, name, state""";

    private static final String FACTS = """
            UPDATE cluster SET kubernetes_version = ?, kruise_version = ?, agent_version = ?, node_count = ?,
                reported_zones = ?, kubelet_versions = ?, removed_apis_in_use = ?, updated_at = ?
            WHERE id = ?""";

    private static final String FLUSH = """
            WITH beat AS (
                UPDATE cluster c
                SET last_heartbeat_at = GREATEST(c.last_heartbeat_at, to_timestamp(v.ms / 1000.0)),
                    state = CASE WHEN c.state = 'NOT_READY' THEN 'READY' ELSE c.state END
                FROM unnest(?::bigint[], ?::bigint[]) AS v(id, ms)
                JOIN cluster b ON b.id = v.id
                WHERE c.id = v.id
                RETURNING c.name, b.state AS previous)
            SELECT name FROM beat WHERE previous = 'NOT_READY' ORDER BY name""";

    private static final String EXPIRE = """
            UPDATE cluster SET state = 'NOT_READY', updated_at = ?
            WHERE state = 'READY' AND last_heartbeat_at < ?
            RETURNING name""";

    private final JdbcClient jdbc;

    ClusterAgentRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Trades an unexpired bootstrap token for an agent token: one conditional UPDATE, so two agents racing with the
     * same token cannot both win. The bootstrap token is used up (kept as the registered one, for a replay), the
     * facts stored, and the cluster READY unless cordoned.
     *
     * @return the cluster, or empty when no cluster has this unexpired bootstrap token
     */
    public Optional<Claimed> trade(String bootstrapHash, String agentTokenHash, ClusterFacts facts, Instant at) {
        Timestamp now = Timestamp.from(at);
        return jdbc.sql(REGISTER)
                .params(agentTokenHash, facts.kubernetesVersion(), facts.kruiseVersion(),
                        facts.agentVersion(), facts.nodes(), array(facts.zones()), array(facts.kubeletVersions()),
                        array(facts.removedApisInUse()), now, now, now, bootstrapHash, now)
                .query((rs, i) -> new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    /**
     * The same trade again (its answer was lost on the way): matches a cluster registered after
     * {@code registeredAfter} with this bootstrap token and this agent token, while the bootstrap token would still be
     * valid; stores the facts and the heartbeat, and leaves the token and the state alone.
     *
     * @return the cluster, or empty when no such registration exists
     */
    public Optional<Claimed> replay(String bootstrapHash, String agentTokenHash, ClusterFacts facts, Instant at,
            Instant registeredAfter) {
        Timestamp now = Timestamp.from(at);
        return jdbc.sql(REPLAY)
                .params(facts.kubernetesVersion(), facts.kruiseVersion(), facts.agentVersion(), facts.nodes(),
                        array(facts.zones()), array(facts.kubeletVersions()), array(facts.removedApisInUse()),
                        now, now, bootstrapHash, agentTokenHash, Timestamp.from(registeredAfter), now)
                .query((rs, i) -> new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    /** Stores the facts an agent reports about its cluster; answers false when the cluster no longer exists. */
    public boolean updateFacts(long clusterId, ClusterFacts facts, Instant at) {
        int updated = jdbc.sql(FACTS)
                .params(facts.kubernetesVersion(), facts.kruiseVersion(), facts.agentVersion(), facts.nodes(),
                        array(facts.zones()), array(facts.kubeletVersions()), array(facts.removedApisInUse()),
                        Timestamp.from(at), clusterId)
                .update();
        return updated > 0;
    }

    /**
     * Writes heartbeats in one statement (a heartbeat never moves {@code last_heartbeat_at} back) and turns the
     * NOT_READY clusters among them READY; CORDONED and REGISTERING clusters keep their state.
     *
     * @param clusterIds   the clusters, one entry each
     * @param epochMillis  the time of each one's latest heartbeat, at the same index
     * @return the names of the clusters that were NOT_READY, in name order
     */
    public List<String> flushHeartbeats(long[] clusterIds, long[] epochMillis) {
        return jdbc.sql(FLUSH).params(clusterIds, epochMillis).query(String.class).list();
    }

    /**
     * Turns READY clusters whose last heartbeat is older than {@code silentSince} NOT_READY; no other state changes.
     *
     * @return the names of the clusters turned NOT_READY
     */
    public List<String> expireHeartbeats(Instant at, Instant silentSince) {
        return jdbc.sql(EXPIRE)
                .params(Timestamp.from(at), Timestamp.from(silentSince))
                .query(String.class).list();
    }

    /**
     * Bumps the clusters' work generation (and its {@code changed_at}) in {@code cluster_work}, rows written in id
     * order (no deadlock between writers), in the caller's transaction; a cluster's first bump creates its row. The
     * cluster row itself is not written: its indexes stay as they are (V17).
     */
    public void bumpWorkGeneration(Collection<Long> clusterIds) {
        jdbc.sql("""
                        INSERT INTO cluster_work (cluster_id, generation, changed_at)
                        SELECT id, 1, now() FROM cluster WHERE id = ANY(?) ORDER BY id
                        ON CONFLICT (cluster_id) DO UPDATE
                        SET generation = cluster_work.generation + 1, changed_at = now()""")
                .param(new TreeSet<>(clusterIds).toArray(Long[]::new)).update();
    }

    private static String[] array(List<String> values) {
        return values.toArray(String[]::new);
    }
}
