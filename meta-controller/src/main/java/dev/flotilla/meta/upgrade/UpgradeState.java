package dev.flotilla.meta.upgrade;

import dev.flotilla.meta.web.FlotillaException;
import java.util.EnumSet;
import java.util.Set;

/** Where an upgrade is; the allowed transitions are all here. */
public enum UpgradeState {
    PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** The states an upgrade may move to from this one. */
    public Set<UpgradeState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(RUNNING, CANCELLED);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLED);
            case SUCCEEDED, FAILED, CANCELLED -> EnumSet.noneOf(UpgradeState.class);
        };
    }

    public boolean inFlight() {
        return this == PENDING || this == RUNNING;
    }

    /** Checks a transition; an illegal one is a 409 naming both states. */
    public void checkMoveTo(UpgradeState to) {
        if (!next().contains(to)) {
            throw FlotillaException.illegalTransition("upgrade", this, to);
        }
    }
}
