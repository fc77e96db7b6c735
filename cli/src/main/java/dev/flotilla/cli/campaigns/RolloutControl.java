package dev.flotilla.cli.campaigns;

import dev.flotilla.cli.ApiCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** The controls of a rollout ({@code POST /api/v1/rollouts/{id}/<action>}), each answering its new state. */
abstract class RolloutControl extends ApiCommand {

    @Parameters(paramLabel = "ID")
    long id;

    private final String action;
    private final String done;

    RolloutControl(String action, String done) {
        this.action = action;
        this.done = done;
    }

    @Override
    protected int run() {
        JsonNode rollout = api().post("/api/v1/rollouts/" + id + "/" + action, null);
        return say("rollout " + id + " " + done + " (state " + rollout.path("state").asString() + ")");
    }

    @Command(name = "pause", description = "Stop dispatching; in-flight clusters stop at their next batch.")
    static final class Pause extends RolloutControl {
        Pause() {
            super("pause", "paused");
        }
    }

    @Command(name = "resume", description = "Go on after a pause (a spent failure budget is accepted).")
    static final class Resume extends RolloutControl {
        Resume() {
            super("resume", "resumed");
        }
    }

    @Command(name = "abort", description = "Stop for good: pending clusters are skipped.")
    static final class Abort extends RolloutControl {
        Abort() {
            super("abort", "aborted");
        }
    }

    @Command(name = "approve", description = "Start the wave that waits for approval.")
    static final class Approve extends RolloutControl {
        Approve() {
            super("approve", "approved");
        }
    }

    @Command(name = "rollback", description = "Return every touched cluster to the revision it ran before.")
    static final class Rollback extends RolloutControl {
        Rollback() {
            super("rollback", "rolling back");
        }
    }
}
