package dev.flotilla.meta.wave;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A campaign's history. Events appended in a transaction are written just before it commits, numbered from
 * the campaign's counter row: the counter's lock is then the last one every writer takes and is held only while
 * committing, so numbers are gapless and commit-ordered (a reader that resumes after seq n misses nothing)
 * and no lock cycle can form with the target and work rows taken earlier.
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

    /** Creates the campaign's event counter; in the transaction that creates the campaign. */
    void start(long campaignId) {
        jdbc.sql("INSERT INTO wave_event_counter (campaign_id) VALUES (?)").param(campaignId).update();
    }

    /** Appends events to be written when the current transaction commits (at once without one). */
    void append(long campaignId, List<CampaignEvent.New> events) {
        if (events.isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            write(campaignId, events);
            fanOut.changed(campaignId);
            return;
        }
        pending().computeIfAbsent(campaignId, id -> new ArrayList<>()).addAll(events);
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

    /** This transaction's unwritten events by campaign id, flushed in id order before commit. */
    @SuppressWarnings("unchecked")
    private Map<Long, List<CampaignEvent.New>> pending() {
        Object bound = TransactionSynchronizationManager.getResource(this);
        if (bound != null) {
            return (Map<Long, List<CampaignEvent.New>>) bound;
        }
        Map<Long, List<CampaignEvent.New>> pending = new TreeMap<>();
        TransactionSynchronizationManager.bindResource(this, pending);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                pending.forEach(CampaignEvents.this::write);
            }

            @Override
            public void afterCommit() {
                pending.keySet().forEach(fanOut::changed);
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(CampaignEvents.this);
            }
        });
        return pending;
    }

    private void write(long campaignId, List<CampaignEvent.New> events) {
        long last = jdbc.sql("UPDATE wave_event_counter SET last_seq = last_seq + ? WHERE campaign_id = ? "
                        + "RETURNING last_seq")
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
    }
}
