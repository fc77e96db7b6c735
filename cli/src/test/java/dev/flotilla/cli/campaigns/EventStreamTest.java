package dev.flotilla.cli.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EventStreamTest {

    /** WHATWG HTML "Server-sent events": comments start with ':', data lines join with '\n', a blank line ends one. */
    @Test
    void readsEventsSkipsCommentsJoinsDataLinesAndAnswersTheLastId() throws Exception {
        String stream = """
                :campaign 7

                id:3
                data:{"seq":3,
                data: "type":"WAVE_STARTED"}

                id: 4
                data: {"seq":4,"type":"SUCCEEDED"}

                """;
        List<JsonNode> events = new ArrayList<>();

        long last = EventStream.read(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), 2,
                events::add);

        assertThat(events).extracting(e -> e.path("type").asString()).containsExactly("WAVE_STARTED", "SUCCEEDED");
        assertThat(last).isEqualTo(4);
    }

    @Test
    void anEmptyStreamKeepsTheIdItStartedFrom() throws Exception {
        assertThat(EventStream.read(new ByteArrayInputStream(new byte[0]), 9, e -> { })).isEqualTo(9);
    }
}
