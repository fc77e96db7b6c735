package dev.flotilla.meta.wave;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Which status requests count a campaign's targets, and which answer from the counts kept for it. */
class TargetTalliesTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicInteger counted = new AtomicInteger();
    private final AtomicInteger succeeded = new AtomicInteger();
    private final List<Runnable> background = new ArrayList<>();
    private final TargetTallies tallies = new TargetTallies(id -> {
        counted.incrementAndGet();
        return List.of(new TargetTallies.Row(0, TargetState.SUCCEEDED, false, succeeded.get()));
    }, background::add, now::get);

    private static CampaignRow campaign(CampaignState state, int targets) {
        FakeCampaignRows.Row row = new FakeCampaignRows.Row(7, "ROLLOUT",
                List.of(new CampaignRow.WaveInfo(0, "all", targets)), targets, null, 0, FailurePolicy.PAUSE,
                UnreachablePolicy.WAIT, 0, List.of(), Instant.EPOCH);
        row.state = state;
        return row.row();
    }

    private int shown(CampaignRow campaign) {
        return tallies.rows(campaign).get(0).count();
    }

    @Test
    void aSmallCampaignIsCountedOnEveryRequest() {
        CampaignRow small = campaign(CampaignState.RUNNING, TargetTallies.LARGE - 1);
        succeeded.set(3);
        assertThat(shown(small)).isEqualTo(3);
        succeeded.set(4);
        assertThat(shown(small)).isEqualTo(4);
        assertThat(counted).hasValue(2);
        assertThat(background).isEmpty();
    }

    @Test
    void aLargeActiveCampaignAnswersFromItsCountsAndRecountsThemInTheBackgroundOnceASecondOld() {
        CampaignRow large = campaign(CampaignState.RUNNING, 10_000);
        succeeded.set(100);
        assertThat(shown(large)).isEqualTo(100);
        succeeded.set(200);
        now.addAndGet(TargetTallies.FRESH_MILLIS - 1);
        assertThat(shown(large)).as("younger than a second: kept").isEqualTo(100);
        assertThat(counted).hasValue(1);
        assertThat(background).isEmpty();

        now.addAndGet(1);
        assertThat(shown(large)).as("a second old: answered at once, recounted behind it").isEqualTo(100);
        assertThat(shown(large)).as("one recount at a time").isEqualTo(100);
        assertThat(background).hasSize(1);
        background.remove(0).run();
        assertThat(counted).hasValue(2);
        assertThat(shown(large)).isEqualTo(200);
    }

    @Test
    void theEnginesCountsKeepAFollowedCampaignFreshWithoutACountOfItsOwn() {
        CampaignRow large = campaign(CampaignState.RUNNING, 10_000);
        tallies.offer(7, List.of(new TargetTallies.Row(0, TargetState.SUCCEEDED, false, 50)), now.get());
        succeeded.set(100);
        assertThat(shown(large)).as("nobody followed it: the offer was not kept").isEqualTo(100);

        now.addAndGet(TargetTallies.FRESH_MILLIS);
        long passStarted = now.get();
        tallies.offer(7, List.of(new TargetTallies.Row(0, TargetState.SUCCEEDED, false, 150)), passStarted);
        tallies.offer(7, List.of(new TargetTallies.Row(0, TargetState.SUCCEEDED, false, 120)), passStarted - 10);
        assertThat(shown(large)).as("the newest count, as fresh as it is").isEqualTo(150);
        assertThat(background).isEmpty();

        now.addAndGet(TargetTallies.FRESH_MILLIS);
        assertThat(shown(large)).isEqualTo(150);
        assertThat(background).hasSize(1);
        tallies.offer(7, List.of(new TargetTallies.Row(0, TargetState.SUCCEEDED, false, 180)), now.get());
        background.remove(0).run();
        assertThat(counted).as("a recount an offer made needless is skipped").hasValue(1);
        assertThat(shown(large)).isEqualTo(180);
    }

    @Test
    void countsNobodyAskedForInAWhileAreCountedBeforeTheAnswer() {
        CampaignRow large = campaign(CampaignState.RUNNING, 10_000);
        succeeded.set(100);
        shown(large);
        succeeded.set(300);
        now.addAndGet(TargetTallies.MAX_AGE_MILLIS);
        assertThat(shown(large)).isEqualTo(300);
        assertThat(background).isEmpty();
    }

    @Test
    void aCampaignThatEndedIsCountedExactly() {
        succeeded.set(100);
        shown(campaign(CampaignState.RUNNING, 10_000));
        succeeded.set(10_000);
        assertThat(shown(campaign(CampaignState.SUCCEEDED, 10_000))).isEqualTo(10_000);
        assertThat(counted).hasValue(2);
        succeeded.set(9_000); // as a rollback would, once the campaign is active again
        assertThat(shown(campaign(CampaignState.ROLLING_BACK, 10_000)))
                .as("what was kept before it ended is not shown again").isEqualTo(9_000);
    }

    @Test
    void aRecountThatFailsLeavesTheNextRequestToCount() {
        AtomicInteger calls = new AtomicInteger();
        List<Runnable> queued = new ArrayList<>();
        TargetTallies failing = new TargetTallies(id -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("database gone");
            }
            return List.of(new TargetTallies.Row(0, TargetState.SUCCEEDED, false, calls.get()));
        }, queued::add, now::get);
        CampaignRow large = campaign(CampaignState.RUNNING, 10_000);
        assertThat(failing.rows(large).get(0).count()).isEqualTo(1);
        now.addAndGet(TargetTallies.FRESH_MILLIS);
        failing.rows(large);
        queued.remove(0).run();
        assertThat(failing.rows(large).get(0).count()).as("the kept counts still answer").isEqualTo(1);
        assertThat(queued).as("and a recount is asked for again").hasSize(1);
        queued.remove(0).run();
        assertThat(failing.rows(large).get(0).count()).isEqualTo(3);
    }
}
