package dev.flotilla.agent.backend.kubernetes;

import dev.flotilla.agent.backend.PodState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a pod's health facts: its revision label ({@code controller-revision-hash}, which the CloneSet and
 * Advanced StatefulSet controllers set to the revision a pod runs), the waiting reasons and restart counts of its
 * containers, and since when OpenKruise's {@code InPlaceUpdateReady} condition has been {@code False}.
 */
final class PodStates {

    static final String REVISION_LABEL = "controller-revision-hash";
    static final String IN_PLACE_UPDATE_READY = "InPlaceUpdateReady";

    private PodStates() {
    }

    static PodState of(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        List<PodState.Container> containers = new ArrayList<>();
        if (pod.getStatus() != null) {
            add(containers, pod.getStatus().getInitContainerStatuses());
            add(containers, pod.getStatus().getContainerStatuses());
        }
        return new PodState(pod.getMetadata().getName(), labels == null ? null : labels.get(REVISION_LABEL),
                containers, inPlaceUpdateNotReadySince(pod));
    }

    private static void add(List<PodState.Container> into, List<ContainerStatus> statuses) {
        if (statuses == null) {
            return;
        }
        for (ContainerStatus s : statuses) {
            var waiting = s.getState() == null ? null : s.getState().getWaiting();
            into.add(new PodState.Container(s.getName(), waiting == null ? null : waiting.getReason(),
                    waiting == null ? null : waiting.getMessage(),
                    s.getRestartCount() == null ? 0 : s.getRestartCount()));
        }
    }

    private static Instant inPlaceUpdateNotReadySince(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if (IN_PLACE_UPDATE_READY.equals(condition.getType()) && "False".equals(condition.getStatus())) {
                try {
                    return condition.getLastTransitionTime() == null ? Instant.EPOCH
                            : Instant.parse(condition.getLastTransitionTime());
                } catch (DateTimeParseException e) {
                    return Instant.EPOCH;
                }
            }
        }
        return null;
    }
}
