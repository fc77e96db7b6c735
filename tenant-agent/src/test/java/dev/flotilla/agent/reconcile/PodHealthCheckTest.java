package dev.flotilla.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.backend.PodState;
import dev.flotilla.api.agent.PodHealth;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodHealthCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final String REVISION = "web-7d9f8c6b5";

    @Test
    void aCrashLoopingContainerOfTheNewRevisionFailsTheItemWithThePodsReason() {
        var pod = pod("web-0", "7d9f8c6b5", container("CrashLoopBackOff", "back-off 40s restarting failed container", 3));

        assertThat(PodHealthCheck.failure(List.of(pod), REVISION, PodHealth.defaults(), NOW)).hasValue(
                "pod web-0 container app: CrashLoopBackOff after 3 restarts (back-off 40s restarting failed container)");
    }

    @Test
    void anImageThatCannotBePulledFailsTheItem() {
        for (String reason : List.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName")) {
            var pod = pod("web-1", REVISION, container(reason, "pull access denied", 0));
            assertThat(PodHealthCheck.failure(List.of(pod), REVISION, PodHealth.defaults(), NOW))
                    .hasValueSatisfying(why -> assertThat(why).contains("web-1", reason, "pull access denied"));
        }
    }

    @Test
    void restartsBeyondTheThresholdFailTheItem() {
        var health = new PodHealth(null, null, 2, null);
        assertThat(PodHealthCheck.failure(List.of(pod("web-0", REVISION, container(null, null, 2))), REVISION,
                health, NOW)).isEmpty();
        assertThat(PodHealthCheck.failure(List.of(pod("web-0", REVISION, container(null, null, 3))), REVISION,
                health, NOW)).hasValue("pod web-0 container app: 3 restarts (more than 2)");
    }

    @Test
    void anInPlaceUpdateNotReadyBeyondItsLimitFailsTheItemButNotBefore() {
        var stuck = new PodState("web-2", REVISION, List.of(container(null, null, 0)), NOW.minusSeconds(61));
        var underWay = new PodState("web-2", REVISION, List.of(container(null, null, 0)), NOW.minusSeconds(30));

        assertThat(PodHealthCheck.failure(List.of(underWay), REVISION, PodHealth.defaults(), NOW)).isEmpty();
        assertThat(PodHealthCheck.failure(List.of(stuck), REVISION, PodHealth.defaults(), NOW))
                .hasValueSatisfying(why -> assertThat(why).contains("web-2", "in-place update not done after 60s"));
        assertThat(PodHealthCheck.failure(List.of(stuck), REVISION, new PodHealth(null, null, null, 0), NOW))
                .as("0 turns the check off").isEmpty();
    }

    @Test
    void podsOfAnotherRevisionAreNotTheRolloutsDoing() {
        var old = pod("web-3", "5c4b3a291", container("CrashLoopBackOff", null, 9));

        assertThat(PodHealthCheck.failure(List.of(old), REVISION, PodHealth.defaults(), NOW)).isEmpty();
    }

    @Test
    void checksTurnedOffAreNotApplied() {
        var health = new PodHealth(false, false, 100, 0);
        var pods = List.of(pod("a", REVISION, container("CrashLoopBackOff", null, 4)),
                pod("b", REVISION, container("ImagePullBackOff", null, 0)));

        assertThat(PodHealthCheck.failure(pods, REVISION, health, NOW)).isEmpty();
    }

    @Test
    void healthyOrStartingPodsPass() {
        var pods = List.of(pod("a", REVISION, container(null, null, 0)),
                pod("b", REVISION, container("ContainerCreating", null, 0)));

        assertThat(PodHealthCheck.failure(pods, REVISION, PodHealth.defaults(), NOW)).isEmpty();
    }

    private static PodState pod(String name, String revision, PodState.Container container) {
        return new PodState(name, revision, List.of(container), null);
    }

    private static PodState.Container container(String waiting, String message, int restarts) {
        return new PodState.Container("app", waiting, message, restarts);
    }
}
