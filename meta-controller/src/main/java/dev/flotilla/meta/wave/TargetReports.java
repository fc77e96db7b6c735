package dev.flotilla.meta.wave;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies what agents reported (as their campaign kind read it) to campaign targets, a whole batch in one
 * statement, and wakes the engine for the campaigns whose targets moved. Reports never take the campaign row (an
 * engine pass may hold it): the gateway locks the reported targets first ({@link TargetLocks}), then the work rows,
 * in the engine's order.
 */
@Service
public class TargetReports {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TargetUpdates updates;
    private final WaveEngine engine;

    TargetReports(JdbcClient jdbc, Clock clock, TargetUpdates updates, WaveEngine engine) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.updates = updates;
        this.engine = engine;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public List<TargetChange> apply(List<TargetUpdate> reported) {
        List<TargetChange> changes = updates.apply(reported);
        reported.stream().map(TargetUpdate::campaignId).distinct().forEach(engine::wakeForReportsAfterCommit);
        return changes;
    }

    /**
     * Records what a target now runs as the value it would return to, for work that lands in stages (an upgrade
     * finishing a hop); the target must be locked by the caller.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void setPrevious(long campaignId, long clusterId, String previous) {
        jdbc.sql("UPDATE wave_target SET previous = ?, updated_at = ? WHERE campaign_id = ? AND cluster_id = ?")
                .params(previous, Timestamp.from(clock.instant()), campaignId, clusterId).update();
    }
}
