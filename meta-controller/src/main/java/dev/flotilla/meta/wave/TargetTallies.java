package dev.flotilla.meta.wave;

import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The targets per wave and state that a campaign's status shows ({@code GET /api/v1/rollouts/{id}}, upgrades
 * alike). Counting them reads every target row: at 10,000 targets 40-60 ms of PostgreSQL while the rollout runs
 * (docs/benchmarks.md), asked again every few seconds by every dashboard that shows it. So while a campaign of at
 * least {@link #LARGE} targets is active, its counts are kept here and counted again in the background once they are
 * {@link #FRESH_MILLIS} old: a status request never waits for the count, and shows counts at most about that old
 * while it is asked for steadily. Counts older than {@link #MAX_AGE_MILLIS} (nobody asked for a while) are counted
 * again before the answer. Smaller campaigns, and every campaign once it is no longer active, are counted per
 * request, exactly. Per replica and in memory: nothing to lose on a restart. The engine's passes count the same rows
 * (about once a second for a large campaign whose targets are in flight, {@link CampaignStep#reportPassMillis}) and
 * offer their counts here ({@link #offer}): on the replica that drives a campaign its status then costs no count of
 * its own while the engine passes.
 */
@Component
class TargetTallies {

    static final int LARGE = 1_000;
    static final long FRESH_MILLIS = 1_000;
    static final long MAX_AGE_MILLIS = 5_000;
    /** Kept counts nobody read for this long are dropped (their campaign ended, or nobody looks at it). */
    static final long FORGET_MILLIS = 60_000;

    private static final Logger log = LoggerFactory.getLogger(TargetTallies.class);

    /** Targets of one wave in one state, rollback or not. */
    record Row(int wave, TargetState state, boolean rollback, int count) {
    }

    private record Tally(List<Row> rows, long countedAt) {
    }

    private final LongFunction<List<Row>> counter;
    private final Executor background;
    private final LongSupplier millis;
    private final Map<Long, Tally> tallies = new ConcurrentHashMap<>();
    private final Set<Long> recounting = ConcurrentHashMap.newKeySet();
    private final ExecutorService ownThread;

    @Autowired
    TargetTallies(JdbcClient jdbc) {
        this(id -> count(jdbc, id), Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "campaign-tally");
            thread.setDaemon(true);
            return thread;
        }), () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
    }

    TargetTallies(LongFunction<List<Row>> counter, Executor background, LongSupplier millis) {
        this.counter = counter;
        this.background = background;
        this.millis = millis;
        this.ownThread = background instanceof ExecutorService service ? service : null;
    }

    /** The campaign's targets per wave and state: kept counts for a large active campaign, else counted now. */
    List<Row> rows(CampaignRow campaign) {
        long id = campaign.id();
        if (!campaign.state().active() || campaign.targetCount() < LARGE) {
            tallies.remove(id);
            return counter.apply(id);
        }
        long now = millis.getAsLong();
        Tally tally = tallies.get(id);
        if (tally == null || now - tally.countedAt() >= MAX_AGE_MILLIS) {
            return countAndKeep(id).rows();
        }
        if (now - tally.countedAt() >= FRESH_MILLIS && recounting.add(id)) {
            try {
                background.execute(() -> recountInBackground(id));
            } catch (RejectedExecutionException e) {
                recounting.remove(id);
            }
        }
        return tally.rows();
    }

    /** Now on the clock counts are kept by: taken before a count that is then {@linkplain #offer offered}. */
    long stamp() {
        return millis.getAsLong();
    }

    /**
     * A count of the campaign's targets made elsewhere (the engine's pass), true at {@code countedAt}: kept if
     * someone follows the campaign (its counts are kept already) and it is newer than those.
     */
    void offer(long campaignId, List<Row> rows, long countedAt) {
        Tally offered = new Tally(List.copyOf(rows), countedAt);
        tallies.computeIfPresent(campaignId, (id, kept) -> offered.countedAt() >= kept.countedAt() ? offered : kept);
    }

    private void recountInBackground(long id) {
        try {
            Tally tally = tallies.get(id);
            if (tally == null || millis.getAsLong() - tally.countedAt() >= FRESH_MILLIS) {
                countAndKeep(id);
            }
        } catch (RuntimeException e) {
            log.debug("Counting the targets of campaign {} failed; the next request counts them: {}", id,
                    e.toString());
        } finally {
            recounting.remove(id);
        }
    }

    private Tally countAndKeep(long id) {
        long started = millis.getAsLong();
        Tally tally = new Tally(List.copyOf(counter.apply(id)), started);
        tallies.merge(id, tally, (kept, fresh) -> fresh.countedAt() >= kept.countedAt() ? fresh : kept);
        tallies.values().removeIf(t -> started - t.countedAt() > FORGET_MILLIS);
        return tally;
    }

    /** The campaign's targets per wave, state and rollback, in one statement. */
    static List<Row> count(JdbcClient jdbc, long campaignId) {
        return jdbc.sql("""
                        SELECT wave, state, rollback, count(*) FROM wave_target
                        WHERE campaign_id = ? GROUP BY 1, 2, 3""")
                .param(campaignId)
                .query((rs, i) -> new Row(rs.getInt(1), TargetState.valueOf(rs.getString(2)), rs.getBoolean(3),
                        rs.getInt(4)))
                .list();
    }

    @PreDestroy
    void stop() {
        if (ownThread != null) {
            ownThread.shutdownNow();
        }
    }
}
