package dev.flotilla.agent.fleet;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Follows a rollout through the portal API and prints its progress: a line whenever a wave changes state, and a
 * compact line of target counts every few seconds.
 */
public final class RolloutWatch {

    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "ABORTED", "ROLLED_BACK", "FAILED");

    private final Portal portal;
    private final PrintStream out;
    private final Duration compactEvery;

    public RolloutWatch(Portal portal, PrintStream out, Duration compactEvery) {
        this.portal = portal;
        this.out = out;
        this.compactEvery = compactEvery;
    }

    /** Prints the rollout's progress until it reaches a final state, and answers its last view. */
    public JsonNode follow(long id) throws InterruptedException {
        long began = System.nanoTime();
        long lastCompact = 0;
        Map<Integer, String> waveStates = new java.util.HashMap<>();
        while (true) {
            JsonNode rollout = portal.get("/api/v1/rollouts/" + id);
            long elapsed = System.nanoTime() - began;
            printWaveChanges(rollout, waveStates, elapsed);
            String state = rollout.path("state").asString();
            if (TERMINAL.contains(state)) {
                out.println(stamp(elapsed) + "rollout " + id + " " + state + ": " + counts(rollout.path("counts"))
                        + message(rollout));
                return rollout;
            }
            if (elapsed - lastCompact >= compactEvery.toNanos()) {
                lastCompact = elapsed;
                out.println(stamp(elapsed) + state + " wave " + rollout.path("currentWave").asInt() + "/"
                        + (rollout.path("waves").size() - 1) + "  " + counts(rollout.path("counts")));
            }
            Thread.sleep(500);
        }
    }

    private void printWaveChanges(JsonNode rollout, Map<Integer, String> seen, long elapsed) {
        for (JsonNode wave : rollout.path("waves")) {
            int index = wave.path("index").asInt();
            String state = wave.path("state").asString();
            boolean empty = wave.path("targets").asInt() == 0;
            if (!state.equals(seen.put(index, state)) && !"PENDING".equals(state) && !empty) {
                out.println(stamp(elapsed) + "wave " + index + " (" + wave.path("name").asString() + ", "
                        + wave.path("targets").asInt() + " clusters) " + state + "  " + counts(wave.path("counts")));
            }
        }
    }

    /** Non-zero target counts, e.g. {@code SUCCEEDED 40  IN_PROGRESS 12}. */
    static String counts(JsonNode counts) {
        StringBuilder text = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = counts.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getValue().asInt() > 0) {
                text.append(text.isEmpty() ? "" : "  ").append(entry.getKey()).append(' ')
                        .append(entry.getValue().asInt());
            }
        }
        return text.toString();
    }

    private static String message(JsonNode rollout) {
        String message = rollout.path("message").asString();
        return message == null || message.isBlank() ? "" : " (" + message + ")";
    }

    private static String stamp(long nanos) {
        return String.format("[%4ds] ", nanos / 1_000_000_000L);
    }
}
