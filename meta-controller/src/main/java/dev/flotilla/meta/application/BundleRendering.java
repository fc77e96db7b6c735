package dev.flotilla.meta.application;

import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.meta.web.FlotillaException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** Renders a revision for clusters: each one's copy of the bundle with the overrides that match it applied. */
@Service
public class BundleRendering {

    /** Clusters read per page when a new revision is checked against the fleet. */
    static final int PAGE = 500;
    private static final TypeReference<List<Map<String, Object>>> RESOURCES = new TypeReference<>() {
    };
    private static final TypeReference<List<ClusterOverride>> OVERRIDES = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    BundleRendering(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** every cluster's rendered bundle of the revision; one DB read of the revision for the whole batch */
    @Transactional(readOnly = true)
    public Map<Long, Rendered> render(long applicationId, int revision, List<RenderTarget> clusters) {
        String[] row = jdbc.sql("""
                        SELECT a.namespace, a.kind, r.resources::text, r.overrides::text
                        FROM application_revision r JOIN application a ON a.id = r.application_id
                        WHERE r.application_id = ? AND r.revision = ?""")
                .params(applicationId, revision)
                .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)})
                .optional()
                .orElseThrow(() -> FlotillaException.notFound("revision", applicationId + "/" + revision));
        RevisionBundle bundle;
        try {
            bundle = new RevisionBundle(row[0], row[1] == null ? null : WorkloadKind.valueOf(row[1]),
                    json.readValue(row[2], RESOURCES), json.readValue(row[3], OVERRIDES), false);
        } catch (FlotillaException e) {
            // a revision stored under older rules that no longer pass: no cluster can get it
            Rendered refused = new Rendered.Refused("revision " + revision + " no longer passes the rules: "
                    + e.getMessage());
            Map<Long, Rendered> all = new HashMap<>();
            clusters.forEach(c -> all.put(c.clusterId(), refused));
            return all;
        }
        return bundle.renderAll(clusters);
    }

    /** The revision of the application ready to render, if it exists (revision 0 is the empty one before the first). */
    Optional<RevisionBundle> bundle(Application app, int revision) {
        return jdbc.sql("SELECT resources::text, overrides::text FROM application_revision "
                        + "WHERE application_id = ? AND revision = ?")
                .params(app.id(), revision)
                .query((rs, i) -> new RevisionBundle(app.namespace(), app.kind(),
                        json.readValue(rs.getString(1), RESOURCES), json.readValue(rs.getString(2), OVERRIDES), false))
                .optional();
    }

    /** The render target of a cluster the caller may see, by name. */
    Optional<RenderTarget> target(String cluster, Predicate<String> seesTenant) {
        record Row(RenderTarget target, String tenant) {
        }
        return jdbc.sql("SELECT id, name, region, zone, labels::text, tenant FROM cluster WHERE name = ?")
                .param(cluster)
                .query((rs, i) -> new Row(new RenderTarget(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), json.readValue(rs.getString(5), LABELS)), rs.getString(6)))
                .optional().filter(row -> seesTenant.test(row.tenant())).map(Row::target);
    }

    /**
     * Refuses a new revision whose overrides do not apply to a cluster of the application's tenant that exists now,
     * naming the first such cluster. The clusters are read a page at a time and each distinct
     * {@linkplain RevisionBundle#key key} is rendered once, so the fleet is never held in memory.
     */
    void checkExisting(Application app, RevisionBundle bundle) {
        if (!bundle.perCluster()) {
            return;
        }
        Set<List<Object>> rendered = new HashSet<>();
        String after = "";
        while (true) {
            List<RenderTarget> page = jdbc.sql("""
                            SELECT id, name, region, zone, labels::text FROM cluster
                            WHERE tenant = ? AND name > ? ORDER BY name LIMIT ?""")
                    .params(app.tenant(), after, PAGE)
                    .query((rs, i) -> new RenderTarget(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), json.readValue(rs.getString(5), LABELS)))
                    .list();
            for (RenderTarget cluster : page) {
                if (rendered.add(bundle.key(cluster)) && bundle.render(cluster) instanceof Rendered.Refused r) {
                    throw FlotillaException.badInput("the revision does not apply to cluster '" + cluster.name()
                            + "': " + r.message()).with("cluster", cluster.name()).with("field", "overrides");
                }
            }
            if (page.size() < PAGE) {
                return;
            }
            after = page.get(page.size() - 1).name();
        }
    }
}
