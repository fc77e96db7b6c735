package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.agent.hub.HubResilience;
import dev.flotilla.agent.hub.HubTransport;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runtime the agents of a JVM share: its scheduler's two queues and the agents' HTTP clients. */
class AgentRuntimeTest {

    @Test
    void tasksToRunNowSkipTheDelayQueueAndRunInOrderWhileTimedTasksWait() throws Exception {
        try (AgentRuntime runtime = new AgentRuntime(1, HubResilience.defaults())) {
            ScheduledFuture<?> later = runtime.scheduler().schedule(() -> { }, 1, TimeUnit.HOURS);
            List<Integer> order = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(100);
            for (int i = 0; i < 100; i++) {
                int n = i;
                runtime.scheduler().execute(() -> {
                    order.add(n);
                    done.countDown();
                });
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(order).isSorted().hasSize(100);
            // only the timed task ever sat in the delay queue
            assertThat(runtime.scheduler().getQueue()).hasSize(1);
            assertThat(runtime.scheduler().getCompletedTaskCount()).isZero();
            assertThat(later.isDone()).isFalse();
        }
    }

    @Test
    void closingStopsBothQueues() throws Exception {
        AgentRuntime runtime = new AgentRuntime(1, HubResilience.defaults());
        CountDownLatch running = new CountDownLatch(1);
        runtime.scheduler().execute(() -> {
            running.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        runtime.scheduler().schedule(() -> { }, 1, TimeUnit.HOURS);
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        runtime.close();

        assertThat(runtime.scheduler().isTerminated()).isTrue();
        assertThatThrownBy(() -> runtime.scheduler().execute(() -> { }))
                .isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void agentsKeepTheirHttpClientAndSpreadOverThem() {
        try (AgentRuntime runtime = new AgentRuntime(1, HubResilience.defaults(), HubTransport.direct(), 4)) {
            Set<Object> used = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                String agent = "bench-" + i;
                assertThat(runtime.http(agent)).isSameAs(runtime.http(agent));
                used.add(runtime.http(agent));
            }
            assertThat(used).hasSize(4);
            assertThat(runtime.httpClients()).isEqualTo(4);
        }
        try (AgentRuntime one = AgentRuntime.create()) {
            assertThat(one.http("anything")).isSameAs(one.http());
        }
    }

    @Test
    void oneHttpClientPerTwoAndAHalfThousandAgents() {
        assertThat(AgentRuntime.httpClientsFor(1)).isEqualTo(1);
        assertThat(AgentRuntime.httpClientsFor(2_500)).isEqualTo(1);
        assertThat(AgentRuntime.httpClientsFor(5_000)).isEqualTo(2);
        assertThat(AgentRuntime.httpClientsFor(10_000)).isEqualTo(4);
        assertThatThrownBy(() -> new AgentRuntime(1, HubResilience.defaults(), HubTransport.direct(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("httpClients");
    }
}
