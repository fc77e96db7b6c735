package dev.flotilla.meta.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RequestSummaryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode summary(String body, int max) {
        return JSON.readTree(RequestSummary.of("POST", "/api/v1/x", "a=1", body.getBytes(StandardCharsets.UTF_8),
                "application/json", max));
    }

    @Test
    void redactsSecretLookingFieldsAtAnyDepthAndKubernetesSecretData() {
        JsonNode s = summary("""
                {"name":"n","token":"flt_abc","nested":{"clientSecret":"s3cr3t","password":"p","apiKey":"k"},
                 "manifest":{"kind":"Secret","data":{"a":"YWJj"},"stringData":{"b":"c"},"metadata":{"name":"m"}},
                 "selector":{"matchExpressions":[{"key":"env","operator":"In"}]}}""", 4096);

        assertThat(s.toString()).doesNotContain("flt_abc", "s3cr3t", "YWJj", "\"k\"");
        assertThat(s.path("body").path("token").asString()).isEqualTo(RequestSummary.REDACTED);
        assertThat(s.path("body").path("manifest").path("data").asString()).isEqualTo(RequestSummary.REDACTED);
        assertThat(s.path("body").path("manifest").path("metadata").path("name").asString()).isEqualTo("m");
        assertThat(s.path("body").path("selector").toString()).contains("env");
        assertThat(s.path("method").asString()).isEqualTo("POST");
        assertThat(s.path("query").asString()).isEqualTo("a=1");
    }

    @Test
    void capsTheSummaryAndStaysJson() {
        String big = "{\"items\":[" + "\"" + "x".repeat(200) + "\",".repeat(1) + "1".repeat(0) + "\"y\"]"
                + ",\"more\":\"" + "z".repeat(10_000) + "\"}";

        String text = RequestSummary.of("POST", "/api/v1/x", null, big.getBytes(StandardCharsets.UTF_8),
                "application/json", 512);

        assertThat(text.length()).isLessThanOrEqualTo(512);
        assertThat(JSON.readTree(text).path("path").asString()).isEqualTo("/api/v1/x");
    }

    @Test
    void aBodyThatIsNotJsonIsOnlyCounted() {
        JsonNode s = summary("password=hunter2", 4096);

        assertThat(s.path("body").asString()).contains("16 bytes").doesNotContain("hunter2");
    }
}
