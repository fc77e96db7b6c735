package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentSchedulerTest {

    private final AgentScheduler scheduler = new AgentScheduler(1, r -> new Thread(r, "agent-scheduler-test"));

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void backgroundTasksWaitWhileOtherTasksWaitAndEachLaneKeepsItsOrder() throws Exception {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch gate = new CountDownLatch(1);
        // the one thread is held, so everything below queues: ticks first, then answers
        scheduler.execute(() -> await(gate));
        for (int i = 0; i < 3; i++) {
            String name = "tick" + i;
            scheduler.executeBackground(() -> ran.add(name));
        }
        for (int i = 0; i < 3; i++) {
            String name = "answer" + i;
            scheduler.execute(() -> ran.add(name));
        }
        CountDownLatch done = new CountDownLatch(1);
        scheduler.executeBackground(done::countDown);

        gate.countDown();

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("answer0", "answer1", "answer2", "tick0", "tick1", "tick2");
    }

    @Test
    void anAnswerHandedOverWhileTicksWaitRunsBeforeThem() throws Exception {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        scheduler.execute(() -> await(gate));
        scheduler.executeBackground(() -> ran.add("tick0"));
        scheduler.executeBackground(() -> {
            ran.add("tick1");
            // handed over while tick2 waits: it goes first
            scheduler.execute(() -> ran.add("answer"));
        });
        scheduler.executeBackground(() -> ran.add("tick2"));
        scheduler.executeBackground(done::countDown);

        gate.countDown();

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("tick0", "tick1", "answer", "tick2");
    }

    @Test
    void aShutDownSchedulerRefusesBackgroundTasks() {
        scheduler.shutdown();

        assertThatThrownBy(() -> scheduler.executeBackground(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    private static void await(CountDownLatch gate) {
        try {
            gate.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
