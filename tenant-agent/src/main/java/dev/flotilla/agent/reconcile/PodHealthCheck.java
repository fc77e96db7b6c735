package dev.flotilla.agent.reconcile;

import dev.flotilla.agent.backend.PodState;
import dev.flotilla.api.agent.PodHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Judges the pods of the revision being rolled out: the first one that will not come up (a container crash-looping,
 * an image that cannot be pulled, restarts beyond the threshold, an in-place update that did not take) fails the
 * item at once with the pod's reason, instead of after the progress deadline. Pods of other revisions are not the
 * rollout's doing and are left alone.
 */
public final class PodHealthCheck {

    static final Set<String> IMAGE_PULL = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName",
            "ErrImageNeverPull");
    static final String CRASH_LOOP = "CrashLoopBackOff";

    private PodHealthCheck() {
    }

    /** Why the new revision's pods fail, or empty while they are healthy (or still coming up). */
    public static Optional<String> failure(List<PodState> pods, String revision, PodHealth health, Instant now) {
        for (PodState pod : pods) {
            if (!ofRevision(pod, revision)) {
                continue;
            }
            for (PodState.Container c : pod.containers()) {
                if (health.checksCrashLoop() && CRASH_LOOP.equals(c.waitingReason())) {
                    return Optional.of(describe(pod, c, CRASH_LOOP + " after " + c.restartCount() + " restarts"));
                }
                if (health.checksImagePull() && c.waitingReason() != null
                        && IMAGE_PULL.contains(c.waitingReason())) {
                    return Optional.of(describe(pod, c, c.waitingReason()));
                }
                if (c.restartCount() > health.restartsTolerated()) {
                    return Optional.of(describe(pod, c, c.restartCount() + " restarts (more than "
                            + health.restartsTolerated() + ")"));
                }
            }
            int limit = health.inPlaceUpdateLimitSeconds();
            if (limit > 0 && pod.inPlaceUpdateNotReadySince() != null
                    && Duration.between(pod.inPlaceUpdateNotReadySince(), now).getSeconds() > limit) {
                return Optional.of("pod " + pod.name() + ": in-place update not done after " + limit
                        + "s (InPlaceUpdateReady False since " + pod.inPlaceUpdateNotReadySince() + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the pod runs {@code revision}: its {@code controller-revision-hash} label is the revision's name, or
     * the hash part of it ({@code <workload>-<hash>}); a pod without the label cannot be told apart and is judged.
     */
    static boolean ofRevision(PodState pod, String revision) {
        if (revision == null || pod.revision() == null) {
            return true;
        }
        return pod.revision().equals(revision) || revision.endsWith("-" + pod.revision());
    }

    private static String describe(PodState pod, PodState.Container c, String what) {
        return "pod " + pod.name() + " container " + c.name() + ": " + what
                + (c.waitingMessage() == null ? "" : " (" + c.waitingMessage() + ")");
    }
}
