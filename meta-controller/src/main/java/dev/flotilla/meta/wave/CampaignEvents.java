package dev.flotilla.meta.wave;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A campaign's history. Events are numbered from the campaign row's counter, whose row lock the writer holds
 * until commit, so numbers are gapless and commit-ordered: a reader that resumes after seq n misses nothing.
 */
@Service
public class CampaignEvents {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final EventFanOut fanOut;

    CampaignEvents(JdbcClient jdbc, Clock clock, EventFanOut fanOut) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.fanOut = fanOut;
    }

    /** Appends events in the current transaction; stream subscribers hear of them after commit. */
    void append(long campaignId, List<CampaignEvent.New> events) {
        if (events.isEmpty()) {
            return;
        }
        long last = jdbc.sql("UPDATE wave_campaign SET event_seq = event_seq + ? WHERE id = ? RETURNING event_seq")
                .params(events.size(), campaignId).query(Long.class).single();
        jdbc.sql("""
                        INSERT INTO wave_event (campaign_id, seq, at, type, message, cluster_name)
                        SELECT ?, ? + e.n, ?, e.type, e.message, e.cluster
                        FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS e(type, message, cluster, n)""")
                .params(campaignId, last - events.size(), Timestamp.from(clock.instant()),
                        events.stream().map(CampaignEvent.New::type).toArray(String[]::new),
                        events.stream().map(CampaignEvent.New::message).toArray(String[]::new),
                        events.stream().map(CampaignEvent.New::cluster).toArray(String[]::new))
                .update();
        notifyAfterCommit(campaignId);
    }

    void append(long campaignId, CampaignEvent.New event) {
        append(campaignId, List.of(event));
    }

    /** Events after {@code afterSeq}, oldest first. */
    @Transactional(readOnly = true)
    public List<CampaignEvent> after(long campaignId, long afterSeq, int limit) {
        return jdbc.sql("""
                        SELECT seq, at, type, message, cluster_name FROM wave_event
                        WHERE campaign_id = ? AND seq > ? ORDER BY seq LIMIT ?""")
                .params(campaignId, afterSeq, limit)
                .query((rs, i) -> new CampaignEvent(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5)))
                .list();
    }

    private void notifyAfterCommit(long campaignId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            fanOut.changed(campaignId);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                fanOut.changed(campaignId);
            }
        });
    }
}
