package dev.flotilla.meta.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Exchange;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** {@code flotilla.api.require-if-match=true}: a write of an existing versioned resource without If-Match is 428. */
@IntegrationTest
@TestPropertySource(properties = "flotilla.api.require-if-match=true")
class RequiredIfMatchIT {

    @LocalServerPort
    int port;

    @Test
    void writesWithoutIfMatchAre428WhileCreationsAndConditionalWritesGoThrough() {
        Exchange http = new Exchange(port);
        Exchange.Answer created = http.send(Fleet.ADMIN, "POST", "/api/v1/clusters",
                Map.of("name", "req-a", "tenant", "req", "region", "eu", "zone", "eu-1a"));
        assertThat(created.status()).isEqualTo(201);
        String window = "/api/v1/clusters/req-a/maintenance-window";
        Exchange.Answer firstWindow = http.send(Fleet.ADMIN, "PUT", window,
                Map.of("days", List.of("SAT"), "start", "02:00", "duration", "PT4H", "timeZone", "UTC"));
        assertThat(firstWindow.status()).as("a PUT that creates needs no tag").isEqualTo(200);

        for (Exchange.Answer answer : List.of(
                http.send(Fleet.ADMIN, "PATCH", "/api/v1/clusters/req-a", Map.of("zone", "eu-1b")),
                http.send(Fleet.ADMIN, "PUT", window,
                        Map.of("days", List.of("SUN"), "start", "02:00", "duration", "PT4H", "timeZone", "UTC")),
                http.send(Fleet.ADMIN, "DELETE", window, null),
                http.send(Fleet.ADMIN, "DELETE", "/api/v1/clusters/req-a", null))) {
            assertThat(answer.status()).as(answer.response().body()).isEqualTo(428);
            assertThat(answer.body().path("type").asString()).endsWith("/precondition-required");
            assertThat(answer.body().path("etag").asString()).isNotBlank();
        }

        assertThat(http.send(Fleet.ADMIN, "PATCH", "/api/v1/clusters/req-a", Map.of("zone", "eu-1b"),
                "If-Match", created.etag()).status()).isEqualTo(200);
        assertThat(http.send(Fleet.ADMIN, "DELETE", window, null, "If-Match", firstWindow.etag()).status())
                .isEqualTo(204);
    }
}
