package dev.flotilla.meta.application;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** Renders a revision's bundle for clusters: a single-manifest revision is a bundle of one, the same everywhere. */
@Service
public class BundleRendering {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    BundleRendering(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Every cluster's rendered bundle of the revision; one DB read of the revision for the whole batch. */
    public Map<Long, Rendered> render(long applicationId, int revision, List<RenderTarget> clusters) {
        Map<String, Object> manifest = json.readValue(jdbc.sql(
                        "SELECT manifest::text FROM application_revision WHERE application_id = ? AND revision = ?")
                .params(applicationId, revision).query(String.class).single(), MAP);
        Rendered bundle = new Rendered.Bundle(List.of(manifest));
        Map<Long, Rendered> rendered = new HashMap<>();
        clusters.forEach(c -> rendered.put(c.clusterId(), bundle));
        return rendered;
    }
}
