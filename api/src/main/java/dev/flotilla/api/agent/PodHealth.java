package dev.flotilla.api.agent;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * When the agent fails a target early because the pods of the revision it is rolling out are unhealthy, instead of
 * waiting for the progress deadline. Every field left out takes its default: all checks on, 5 restarts, 60 s.
 *
 * @param crashLoop fail when a container of a new pod is in {@code CrashLoopBackOff}
 * @param imagePull fail when a container of a new pod cannot pull its image ({@code ImagePullBackOff},
 *                  {@code ErrImagePull}, {@code InvalidImageName})
 * @param maxRestarts fail when a container of a new pod restarted more than this many times
 * @param inPlaceUpdateSeconds fail when a pod's {@code InPlaceUpdateReady} condition (OpenKruise's readiness gate for
 *                             in-place updates) has been {@code False} for longer than this: the update did not
 *                             take; 0 turns the check off
 */
public record PodHealth(Boolean crashLoop, Boolean imagePull, @Min(0) @Max(10000) Integer maxRestarts,
        @Min(0) @Max(86400) Integer inPlaceUpdateSeconds) {

    public static final int DEFAULT_MAX_RESTARTS = 5;
    public static final int DEFAULT_IN_PLACE_UPDATE_SECONDS = 60;

    /** Every check on, with the default thresholds. */
    public static PodHealth defaults() {
        return new PodHealth(null, null, null, null);
    }

    public boolean checksCrashLoop() {
        return crashLoop == null || crashLoop;
    }

    public boolean checksImagePull() {
        return imagePull == null || imagePull;
    }

    public int restartsTolerated() {
        return maxRestarts == null ? DEFAULT_MAX_RESTARTS : maxRestarts;
    }

    public int inPlaceUpdateLimitSeconds() {
        return inPlaceUpdateSeconds == null ? DEFAULT_IN_PLACE_UPDATE_SECONDS : inPlaceUpdateSeconds;
    }
}
