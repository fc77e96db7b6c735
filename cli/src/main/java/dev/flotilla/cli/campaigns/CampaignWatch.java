package dev.flotilla.cli.campaigns;

import dev.flotilla.cli.CliException;
import dev.flotilla.cli.ExitCode;
import dev.flotilla.cli.http.Api;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Follows a campaign (rollout or upgrade) through {@code /api/v1/campaigns/{id}/events/stream}: a line per event,
 * and a progress line (wave, a bar of settled targets, counts per state) whenever it changed, at most once a second.
 * The server ends the stream once the campaign settled; a broken stream is resumed after the last event read.
 */
public final class CampaignWatch {

    /** Where the stream ends (the server closes it): SUCCEEDED, ROLLED_BACK or FAILED. */
    static final Set<String> SETTLED = Set.of("SUCCEEDED", "ROLLED_BACK", "FAILED");
    private static final int RESUMES = 5;
    private static final int BAR = 30;

    private final Api api;
    private final PrintWriter out;
    private String lastProgress = "";
    private long lastProgressAt;

    public CampaignWatch(Api api, PrintWriter out) {
        this.api = api;
        this.out = out;
    }

    /** Follows the campaign until it settled; answers 0 when it SUCCEEDED, {@link ExitCode#NOT_SUCCEEDED} else. */
    public int follow(long id) {
        progress(api.get("/api/v1/campaigns/" + id));
        long last = 0;
        for (int attempt = 0; ; attempt++) {
            try (InputStream stream = api.stream("/api/v1/campaigns/" + id + "/events/stream", last)) {
                last = EventStream.read(stream, last, event -> {
                    out.println(line(event));
                    if (System.nanoTime() - lastProgressAt >= Duration.ofSeconds(1).toNanos()) {
                        progress(api.get("/api/v1/campaigns/" + id));
                    }
                });
            } catch (IOException e) {
                if (attempt >= RESUMES) {
                    throw new CliException(ExitCode.UNAVAILABLE, "the event stream of campaign " + id
                            + " broke: " + e.getMessage());
                }
            }
            JsonNode campaign = api.get("/api/v1/campaigns/" + id);
            String state = campaign.path("state").asString();
            if (SETTLED.contains(state) || attempt >= RESUMES) {
                progress(campaign);
                out.println(campaign.path("kind").asString("campaign").toLowerCase() + " " + id + " " + state
                        + (campaign.path("message").isString() ? ": " + campaign.path("message").asString() : ""));
                out.flush();
                return "SUCCEEDED".equals(state) ? ExitCode.OK : ExitCode.NOT_SUCCEEDED;
            }
        }
    }

    private static String line(JsonNode event) {
        String cluster = event.path("cluster").isString() ? " " + event.path("cluster").asString() : "";
        return "  " + event.path("at").asString() + " " + event.path("type").asString() + cluster + ": "
                + event.path("message").asString();
    }

    /** Prints the progress line when it changed; reading the campaign is what is limited to once a second. */
    private void progress(JsonNode campaign) {
        String line = progressLine(campaign);
        lastProgressAt = System.nanoTime();
        if (!line.equals(lastProgress)) {
            out.println(line);
            out.flush();
            lastProgress = line;
        }
    }

    /** {@code [wave 2/3 RUNNING] [#########.....] 6/10 settled: SUCCEEDED 5, FAILED 1, IN_PROGRESS 2}. */
    static String progressLine(JsonNode campaign) {
        int targets = campaign.path("targets").asInt();
        JsonNode counts = campaign.path("counts");
        int settled = counts.path("SUCCEEDED").asInt() + counts.path("FAILED").asInt()
                + counts.path("ROLLED_BACK").asInt() + counts.path("SKIPPED").asInt();
        int filled = targets == 0 ? BAR : settled * BAR / targets;
        StringBuilder line = new StringBuilder("[").append(campaign.path("state").asString()).append(" wave ")
                .append(Math.max(0, campaign.path("currentWave").asInt())).append('/')
                .append(campaign.path("waves").size() - 1).append("] [")
                .append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ")
                .append(settled).append('/').append(targets).append(" settled");
        StringBuilder states = new StringBuilder();
        counts.properties().forEach(e -> {
            if (e.getValue().asInt() > 0) {
                states.append(states.isEmpty() ? ": " : ", ").append(e.getKey()).append(' ')
                        .append(e.getValue().asInt());
            }
        });
        return line.append(states).toString();
    }
}
