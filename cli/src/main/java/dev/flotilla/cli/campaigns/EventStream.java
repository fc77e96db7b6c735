package dev.flotilla.cli.campaigns;

import dev.flotilla.cli.http.Api;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Reads a server-sent event stream (WHATWG HTML, "Server-sent events": {@code id:} and {@code data:} fields, an
 * event ends at a blank line, lines starting with {@code :} are comments) and hands each event's JSON data on.
 */
final class EventStream {

    private EventStream() {
    }

    /**
     * Reads until the server closes the stream.
     *
     * @return the id of the last event read (0 when none)
     */
    static long read(InputStream stream, long lastId, Consumer<JsonNode> onEvent) throws IOException {
        long last = lastId;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            StringBuilder data = new StringBuilder();
            String id = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        onEvent.accept(Api.JSON.readTree(data.toString()));
                        last = id != null ? Long.parseLong(id.strip()) : last;
                    }
                    data.setLength(0);
                    id = null;
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(field(line, 5));
                } else if (line.startsWith("id:")) {
                    id = field(line, 3);
                }
            }
        }
        return last;
    }

    /** A field's value: after the colon, one leading space dropped (as the specification says). */
    private static String field(String line, int colon) {
        String value = line.substring(colon);
        return value.startsWith(" ") ? value.substring(1) : value;
    }
}
