package dev.flotilla.sim.fleet;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Follows a wave campaign (a rollout, an upgrade campaign) through the portal API and prints its progress: a line
 * whenever a wave changes state, a compact line of target counts every few seconds and, if asked, a line whenever
 * a target moves to another step.
 */
public final class CampaignWatch {

    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "ABORTED", "ROLLED_BACK", "FAILED");

    private final Portal portal;
    private final PrintStream out;
    private final Duration compactEvery;
    private final String resource;
    private final String noun;
    private final boolean targetSteps;

    private CampaignWatch(Portal portal, PrintStream out, Duration compactEvery, String resource, String noun,
            boolean targetSteps) {
        this.portal = portal;
        this.out = out;
        this.compactEvery = compactEvery;
        this.resource = resource;
        this.noun = noun;
        this.targetSteps = targetSteps;
    }

    /** Follows rollouts ({@code /api/v1/rollouts/{id}}). */
    public static CampaignWatch rollouts(Portal portal, PrintStream out, Duration compactEvery) {
        return new CampaignWatch(portal, out, compactEvery, "/api/v1/rollouts/", "rollout", false);
    }

    /** Follows upgrade campaigns ({@code /api/v1/upgrades/campaigns/{id}}), with a line per target step. */
    public static CampaignWatch upgrades(Portal portal, PrintStream out, Duration compactEvery) {
        return new CampaignWatch(portal, out, compactEvery, "/api/v1/upgrades/campaigns/", "upgrade campaign", true);
    }

    /** Prints the campaign's progress until it reaches a final state, and answers its last view. */
    public JsonNode follow(long id) throws InterruptedException {
        long began = System.nanoTime();
        long lastCompact = 0;
        Map<Integer, String> waveStates = new java.util.HashMap<>();
        Map<String, String> steps = new java.util.HashMap<>();
        while (true) {
            JsonNode campaign = portal.get(resource + id);
            long elapsed = System.nanoTime() - began;
            printWaveChanges(campaign, waveStates, elapsed);
            if (targetSteps) {
                printStepChanges(id, steps, elapsed);
            }
            String state = campaign.path("state").asString();
            if (TERMINAL.contains(state)) {
                out.println(stamp(elapsed) + noun + " " + id + " " + state + ": " + counts(campaign.path("counts"))
                        + message(campaign));
                return campaign;
            }
            if (elapsed - lastCompact >= compactEvery.toNanos()) {
                lastCompact = elapsed;
                out.println(stamp(elapsed) + state + " wave " + campaign.path("currentWave").asInt() + "/"
                        + (campaign.path("waves").size() - 1) + "  " + counts(campaign.path("counts")));
            }
            Thread.sleep(500);
        }
    }

    /** A line per target whose step (or state) changed since the last look: the first page of 100 targets. */
    private void printStepChanges(long id, Map<String, String> seen, long elapsed) {
        for (JsonNode target : portal.get(resource + id + "/targets?limit=100").path("items")) {
            String state = target.path("state").asString();
            if ("PENDING".equals(state) || "SKIPPED".equals(state)) {
                continue;
            }
            String cluster = target.path("cluster").asString();
            String now = state + " " + target.path("step").asInt() + "/" + target.path("steps").asInt();
            if (!now.equals(seen.put(cluster, now))) {
                String message = target.path("message").asString();
                out.println(stamp(elapsed) + "  " + cluster + " " + state + " "
                        + (message == null || message.isBlank() ? now : message));
            }
        }
    }

    private void printWaveChanges(JsonNode campaign, Map<Integer, String> seen, long elapsed) {
        for (JsonNode wave : campaign.path("waves")) {
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

    private static String message(JsonNode campaign) {
        String message = campaign.path("message").asString();
        return message == null || message.isBlank() ? "" : " (" + message + ")";
    }

    private static String stamp(long nanos) {
        return String.format("[%4ds] ", nanos / 1_000_000_000L);
    }
}
