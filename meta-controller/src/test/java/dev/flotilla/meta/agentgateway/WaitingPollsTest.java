package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.cluster.AgentCaller;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import java.util.concurrent.CompletableFuture;

class WaitingPollsTest {

    static WaitingPoll poll(long clusterId, long generation) {
        return new WaitingPoll(new AgentCaller(clusterId, "c" + clusterId), generation, 0,
                new CompletableFuture<ResponseEntity<?>>());
    }

    @Test
    void takesOnlyTheClustersPollsThatAreBehindTheGeneration() {
        var waiting = new WaitingPolls();
        WaitingPoll behind = poll(1, 3);
        WaitingPoll current = poll(1, 5);
        WaitingPoll otherCluster = poll(2, 0);
        waiting.park(behind);
        waiting.park(current);
        waiting.park(otherCluster);

        assertThat(waiting.takeOlderThan(1, 5)).containsExactly(behind);
        assertThat(waiting.size()).isEqualTo(2);
        assertThat(waiting.takeOlderThan(1, 6)).containsExactly(current);
        assertThat(waiting.takeAll()).containsExactly(otherCluster);
        assertThat(waiting.size()).isZero();
    }

    @Test
    void removingAPollTwiceCountsItOnce() {
        var waiting = new WaitingPolls();
        WaitingPoll poll = poll(1, 0);
        waiting.park(poll);
        waiting.park(poll(1, 0));

        waiting.remove(poll);
        waiting.remove(poll);

        assertThat(waiting.size()).isEqualTo(1);
    }

    @Test
    void onlyTheFirstClaimWins() {
        WaitingPoll poll = poll(1, 0);

        assertThat(poll.claim()).isTrue();
        assertThat(poll.claim()).isFalse();
    }
}
