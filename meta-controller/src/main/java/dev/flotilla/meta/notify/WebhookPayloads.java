package dev.flotilla.meta.notify;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body a delivery POSTs, alike for every attempt: {@code flotilla} is the event as JSON, {@code slack} a
 * message in Slack's incoming-webhook shape ({@code {"text": ...}}, also understood by Mattermost and others).
 */
@Component
class WebhookPayloads {

    private final JsonMapper json;

    WebhookPayloads(JsonMapper json) {
        this.json = json;
    }

    byte[] body(Delivery d) {
        return json.writeValueAsString(d.format().equals("slack") ? slack(d) : flotilla(d))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> flotilla(Delivery d) {
        Map<String, Object> campaign = new LinkedHashMap<>();
        campaign.put("id", d.campaignId());
        campaign.put("kind", d.kind());
        campaign.put("subject", d.subject());
        campaign.put("tenant", d.tenant());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", d.eventId());
        event.put("type", d.type());
        event.put("seq", d.seq());
        event.put("at", d.at().toString());
        event.put("message", d.message());
        event.put("campaign", campaign);
        event.put("webhook", d.hookName());
        return event;
    }

    /** Slack's three control characters in message text. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** One line: what happened to which campaign, and why. */
    private static Map<String, Object> slack(Delivery d) {
        String what = d.type().toLowerCase(Locale.ROOT).replace('_', ' ');
        String text = "Flotilla " + d.kind().toLowerCase(Locale.ROOT) + " " + d.campaignId() + " of `" + d.subject()
                + "`" + (d.tenant() == null ? "" : " (tenant " + d.tenant() + ")") + ": *" + what + "*"
                + (d.message() == null || d.message().isBlank() ? "" : ": " + d.message());
        return Map.of("text", escape(text));
    }
}
