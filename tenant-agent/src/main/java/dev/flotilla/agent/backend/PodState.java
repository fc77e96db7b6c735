package dev.flotilla.agent.backend;

import java.time.Instant;
import java.util.List;

/**
 * What the agent needs to know of one pod of a workload to judge its health.
 *
 * @param revision the pod's {@code controller-revision-hash} label (the workload revision it runs), or null
 * @param containers its containers' states, init containers included
 * @param inPlaceUpdateNotReadySince when OpenKruise's {@code InPlaceUpdateReady} condition turned {@code False}
 *                                   (an in-place update under way or stuck), or null when it is not False
 */
public record PodState(String name, String revision, List<Container> containers, Instant inPlaceUpdateNotReadySince) {

    public PodState {
        containers = containers == null ? List.of() : List.copyOf(containers);
    }

    /**
     * @param waitingReason why the container is waiting ({@code CrashLoopBackOff}, {@code ImagePullBackOff}...),
     *                      or null when it is running or terminated
     * @param waitingMessage the kubelet's message for that wait, or null
     */
    public record Container(String name, String waitingReason, String waitingMessage, int restartCount) {
    }
}
