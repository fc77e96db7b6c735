package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TickGroupTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void everyMemberIsHandedOverOnceInEachRoundOfTheSlots() {
        List<Runnable> handed = new ArrayList<>();
        // an hour: the timer never fires during the test, the turns are taken by hand
        TickGroup group = new TickGroup(timer, handed::add, TimeUnit.HOURS.toMillis(1));
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 200; i++) {
            group.join(ran::incrementAndGet, () -> true);
        }
        assertThat(group.members()).isEqualTo(200);

        for (int turn = 0; turn < TickGroup.MAX_SLOTS; turn++) {
            group.turn();
        }

        assertThat(handed).hasSize(200);
        handed.forEach(Runnable::run);
        assertThat(ran).hasValue(200);
    }

    @Test
    void aTickStillWaitingFromTheLastRoundIsNotHandedOverAgain() {
        List<Runnable> handed = new ArrayList<>();
        TickGroup group = new TickGroup(timer, handed::add, 10);   // one slot: every turn reaches every member
        assertThat(TickGroup.slotsFor(10)).isEqualTo(1);
        AtomicInteger ran = new AtomicInteger();
        group.join(ran::incrementAndGet, () -> true);
        group.cancel();

        group.turn();
        group.turn();
        assertThat(handed).as("the first tick has not run yet: the second turn skips it").hasSize(1);

        handed.get(0).run();
        group.turn();
        assertThat(handed).hasSize(2);
        assertThat(ran).hasValue(1);
    }

    @Test
    void aMemberIsHandedOverOnlyAtTheTurnsItIsDue() {
        List<Runnable> handed = new ArrayList<>();
        TickGroup group = new TickGroup(timer, handed::add, 10);
        group.cancel();
        AtomicInteger ran = new AtomicInteger();
        AtomicBoolean due = new AtomicBoolean();
        group.join(ran::incrementAndGet, due::get);
        group.join(ran::incrementAndGet, () -> true);

        group.turn();
        assertThat(handed).as("only the member without a condition").hasSize(1);
        due.set(true);
        group.turn();
        assertThat(handed).as("the first member's tick; the second's still waits from the last turn").hasSize(2);
        handed.forEach(Runnable::run);
        assertThat(ran).hasValue(2);
    }

    @Test
    void aClosedMemberIsNoLongerTicked() {
        List<Runnable> handed = new ArrayList<>();
        TickGroup group = new TickGroup(timer, handed::add, 10);
        group.cancel();
        AtomicInteger ran = new AtomicInteger();
        AgentRuntime.Ticking member = group.join(ran::incrementAndGet, () -> true);
        group.turn();
        member.close();

        handed.forEach(Runnable::run);   // handed over before the close: it does not run either
        group.turn();

        assertThat(ran).hasValue(0);
        assertThat(handed).hasSize(1);
        assertThat(group.members()).isZero();
    }

    @Test
    void slotsAreAtMostSixteenAndNoneShorterThanTenMilliseconds() {
        assertThat(TickGroup.slotsFor(1)).isEqualTo(1);
        assertThat(TickGroup.slotsFor(50)).isEqualTo(5);
        assertThat(TickGroup.slotsFor(500)).isEqualTo(16);
        assertThat(TickGroup.slotsFor(60_000)).isEqualTo(16);
    }

    @Test
    void onTheRuntimeEveryAgentTicksEveryIntervalOnTheSchedulersThreads() throws Exception {
        try (AgentRuntime runtime = AgentRuntime.create()) {
            int agents = 100;
            ConcurrentHashMap<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
            CountDownLatch threeEach = new CountDownLatch(agents);
            Set<String> threads = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < agents; i++) {
                int agent = i;
                runtime.ticks(Duration.ofMillis(20), () -> {
                    if (counts.computeIfAbsent(agent, a -> new AtomicInteger()).incrementAndGet() == 3) {
                        threeEach.countDown();
                    }
                    threads.add(Thread.currentThread().getName());
                }, () -> true);
            }
            assertThat(threeEach.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(threads).allMatch(name -> name.startsWith("flotilla-agent-"));
            assertThat(runtime.scheduler().getQueue())
                    .as("one timer entry for all 100 agents, not one each").hasSizeLessThanOrEqualTo(1);
        }
    }
}
