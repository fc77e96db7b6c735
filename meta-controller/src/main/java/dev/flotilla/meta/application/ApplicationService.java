package dev.flotilla.meta.application;

import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.api.bundle.ResourceKinds;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.FlotillaException;
import dev.flotilla.meta.web.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** Applications and their revisions; a tenant-scoped caller sees only its tenant's (others are not found). */
@Service
public class ApplicationService {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<Map<String, Object>>> RESOURCES = new TypeReference<>() {
    };
    private static final TypeReference<List<ClusterOverride>> OVERRIDES = new TypeReference<>() {
    };
    private static final String REVISION_COLUMNS = "revision, created_at, manifest::text, resources::text, "
            + "overrides::text";
    private static final String COLUMNS = "id, name, tenant, namespace, kind, latest_revision, created_at";

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final BundleRendering rendering;

    ApplicationService(JdbcClient jdbc, ObjectMapper json, BundleRendering rendering) {
        this.jdbc = jdbc;
        this.json = json;
        this.rendering = rendering;
    }

    /** @param kind the kind of the first Kruise workload every revision must hold; null for any bundle */
    @Transactional
    public Application create(ApiCaller caller, String name, String tenant, String namespace, WorkloadKind kind) {
        if (!caller.sees(tenant)) {
            throw FlotillaException.forbidden("the token is limited to tenant '" + caller.tenant()
                    + "' and cannot create an application of tenant '" + tenant + "'");
        }
        try {
            return jdbc.sql("INSERT INTO application (name, tenant, namespace, kind) VALUES (?, ?, ?, ?) RETURNING "
                            + COLUMNS)
                    .params(name, tenant, namespace, kind == null ? null : kind.name()).query(ApplicationService::application).single();
        } catch (DuplicateKeyException e) {
            throw FlotillaException.conflict("an application named '" + name + "' already exists")
                    .with("application", name);
        }
    }

    @Transactional(readOnly = true)
    public Page<Application> list(ApiCaller caller, String cursor, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM application WHERE name > ?");
        List<Object> params = new ArrayList<>(List.of(Optional.ofNullable(Page.decode(cursor)).orElse("")));
        caller.tenantScope().ifPresent(tenant -> {
            sql.append(" AND tenant = ?");
            params.add(tenant);
        });
        sql.append(" ORDER BY name LIMIT ?");
        params.add(limit + 1);
        return Page.of(jdbc.sql(sql.toString()).params(params).query(ApplicationService::application).list(),
                limit, Application::name);
    }

    /** The application if the caller may see it; otherwise not found, whether it exists or not. */
    @Transactional(readOnly = true)
    public Application get(ApiCaller caller, String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM application WHERE name = ?").param(name)
                .query(ApplicationService::application).optional()
                .filter(app -> caller.sees(app.tenant()))
                .orElseThrow(() -> FlotillaException.notFound("application", name));
    }

    /**
     * Adds a revision: a bundle of resources, or one manifest (a bundle of one), with the overrides for some clusters.
     * Nothing is written unless the bundle passes the rules and its overrides apply to every cluster of the
     * application's tenant that exists now.
     */
    @Transactional
    public Revision addRevision(ApiCaller caller, String name, Map<String, Object> manifest,
            List<Map<String, Object>> resources, List<ClusterOverride> overrides) {
        Application app = get(caller, name);
        List<ClusterOverride> given = overrides == null ? List.of() : overrides;
        for (int i = 0; i < given.size(); i++) {
            // what is wrong with an override is named even when the bundle beside it is wrong too
            CompiledOverride.compile(i, given.get(i), new HashSet<>());
        }
        if ((manifest == null) == (resources == null)) {
            throw FlotillaException.badInput("give exactly one of manifest (one resource) and resources (a bundle)")
                    .with("field", "resources");
        }
        boolean oneManifest = manifest != null;
        List<Map<String, Object>> bundle = oneManifest ? Collections.singletonList(manifest) : resources;
        rendering.checkExisting(app, new RevisionBundle(app.namespace(), app.kind(), bundle, given, oneManifest));
        Map<String, Object> workload = bundle.stream().filter(r -> ResourceKinds.kruiseWorkload(r).isPresent())
                .findFirst().orElse(null);
        // the row lock of this update serializes concurrent revisions of one application
        int revision = jdbc.sql("UPDATE application SET latest_revision = latest_revision + 1, row_version = row_version + 1 WHERE id = ? "
                        + "RETURNING latest_revision")
                .param(app.id()).query(Integer.class).single();
        return jdbc.sql("INSERT INTO application_revision (application_id, revision, manifest, resources, overrides) "
                        + "VALUES (?, ?, ?::jsonb, ?::jsonb, ?::jsonb) RETURNING " + REVISION_COLUMNS)
                .params(app.id(), revision, workload == null ? null : json.writeValueAsString(workload),
                        json.writeValueAsString(bundle), json.writeValueAsString(given))
                .query((rs, i) -> revision(app.name(), rs)).single();
    }

    @Transactional(readOnly = true)
    public Page<Revision> revisions(ApiCaller caller, String name, String cursor, int limit) {
        Application app = get(caller, name);
        long after = Page.decodeLong(cursor, 0);
        List<Revision> rows = jdbc.sql("""
                        SELECT %s FROM application_revision
                        WHERE application_id = ? AND revision > ? ORDER BY revision LIMIT ?""".formatted(REVISION_COLUMNS))
                .params(app.id(), after, limit + 1)
                .query((rs, i) -> revision(app.name(), rs)).list();
        return Page.of(rows, limit, r -> String.valueOf(r.revision()));
    }

    @Transactional(readOnly = true)
    public Revision revision(ApiCaller caller, String name, int revision) {
        Application app = get(caller, name);
        return find(app, revision).orElseThrow(() -> FlotillaException.notFound("revision", name + "/" + revision)
                .with("application", name));
    }

    /** The revision, if it exists. */
    @Transactional(readOnly = true)
    public Optional<Revision> find(Application app, int revision) {
        return jdbc.sql("SELECT " + REVISION_COLUMNS + " FROM application_revision "
                        + "WHERE application_id = ? AND revision = ?")
                .params(app.id(), revision).query((rs, i) -> revision(app.name(), rs)).optional();
    }

    /** Which revision each cluster runs, by cluster name; a scoped caller sees only its tenant's clusters. */
    @Transactional(readOnly = true)
    public Page<ClusterRevision> clusters(ApiCaller caller, String name, String cluster, String cursor, int limit) {
        Application app = get(caller, name);
        StringBuilder sql = new StringBuilder("""
                SELECT c.name, ac.revision, ac.rollout_id, ac.updated_at
                FROM application_cluster ac JOIN cluster c ON c.id = ac.cluster_id
                WHERE ac.application_id = ? AND c.name > ?""");
        List<Object> params = new ArrayList<>(List.of(app.id(), Optional.ofNullable(Page.decode(cursor)).orElse("")));
        caller.tenantScope().ifPresent(tenant -> {
            sql.append(" AND c.tenant = ?");
            params.add(tenant);
        });
        // one cluster's revision (the dashboard's cluster page) without paging through the fleet
        if (cluster != null && !cluster.isBlank()) {
            sql.append(" AND c.name = ?");
            params.add(cluster);
        }
        sql.append(" ORDER BY c.name LIMIT ?");
        params.add(limit + 1);
        List<ClusterRevision> rows = jdbc.sql(sql.toString()).params(params)
                .query((rs, i) -> new ClusterRevision(rs.getString(1), rs.getInt(2), (Long) rs.getObject(3),
                        rs.getTimestamp(4).toInstant()))
                .list();
        return Page.of(rows, limit, ClusterRevision::cluster);
    }

    private Revision revision(String application, ResultSet rs) throws SQLException {
        String manifest = rs.getString("manifest");
        return new Revision(application, rs.getInt("revision"), rs.getTimestamp("created_at").toInstant(),
                manifest == null ? null : json.readValue(manifest, MAP), json.readValue(rs.getString("resources"),
                RESOURCES), json.readValue(rs.getString("overrides"), OVERRIDES));
    }

    private static Application application(ResultSet rs, int i) throws SQLException {
        return new Application(rs.getLong("id"), rs.getString("name"), rs.getString("tenant"),
                rs.getString("namespace"), rs.getString("kind") == null ? null : WorkloadKind.valueOf(rs.getString("kind")),
                rs.getInt("latest_revision"),
                rs.getTimestamp("created_at").toInstant());
    }
}
