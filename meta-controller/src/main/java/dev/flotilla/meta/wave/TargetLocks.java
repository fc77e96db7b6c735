package dev.flotilla.meta.wave;

import dev.flotilla.meta.agentgateway.ItemRef;
import dev.flotilla.meta.agentgateway.WorkTargets;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Row locks on campaign targets, always in (campaign, cluster) order: every writer takes targets before work rows
 * and kind records (the engine in its passes, the gateway for reports, kinds moving staged work), so none waits on
 * another in a cycle. Also answers whether a cluster is (or carries) a campaign's target.
 */
@Component
public class TargetLocks implements WorkTargets {

    /** A target by its campaign and cluster. */
    public record TargetKey(long campaignId, long clusterId) {
    }

    private final JdbcClient jdbc;

    TargetLocks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void lock(Collection<ItemRef> items) {
        lockTargets(items.stream().map(i -> new TargetKey(i.campaignId(), i.clusterId())).toList());
    }

    /** Locks these targets in (campaign, cluster) order. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockTargets(Collection<TargetKey> keys) {
        List<TargetKey> sorted = keys.stream().distinct().sorted(Comparator.comparingLong(TargetKey::campaignId)
                .thenComparingLong(TargetKey::clusterId)).toList();
        if (sorted.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        SELECT t.campaign_id FROM wave_target t
                        JOIN unnest(?::bigint[], ?::bigint[]) AS k(campaign_id, cluster_id)
                          ON k.campaign_id = t.campaign_id AND k.cluster_id = t.cluster_id
                        ORDER BY t.campaign_id, t.cluster_id FOR UPDATE OF t""")
                .params(sorted.stream().map(TargetKey::campaignId).toArray(Long[]::new),
                        sorted.stream().map(TargetKey::clusterId).toArray(Long[]::new))
                .query(Long.class).list();
    }

    /** Whether the carrier's agent runs the work of this target: its own, or one the campaign named it carrier of. */
    public boolean carries(long carrierId, long campaignId, long clusterId) {
        return jdbc.sql("""
                        SELECT count(*) FROM wave_target WHERE campaign_id = ? AND cluster_id = ?
                          AND COALESCE(carrier_id, cluster_id) = ?""")
                .params(campaignId, clusterId, carrierId).query(Long.class).single() > 0;
    }
}
