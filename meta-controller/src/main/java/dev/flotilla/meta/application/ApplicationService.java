package dev.flotilla.meta.application;

import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.FlotillaException;
import dev.flotilla.meta.web.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
    private static final String COLUMNS = "id, name, tenant, namespace, kind, latest_revision, created_at";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    ApplicationService(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional
    public Application create(ApiCaller caller, String name, String tenant, String namespace, WorkloadKind kind) {
        if (!caller.sees(tenant)) {
            throw FlotillaException.forbidden("the token is limited to tenant '" + caller.tenant()
                    + "' and cannot create an application of tenant '" + tenant + "'");
        }
        try {
            return jdbc.sql("INSERT INTO application (name, tenant, namespace, kind) VALUES (?, ?, ?, ?) RETURNING "
                            + COLUMNS)
                    .params(name, tenant, namespace, kind.name()).query(ApplicationService::application).single();
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

    @Transactional
    public Revision addRevision(ApiCaller caller, String name, Map<String, Object> manifest) {
        Application app = get(caller, name);
        RevisionRules.check(app, manifest);
        // the row lock of this update serializes concurrent revisions of one application
        int revision = jdbc.sql("UPDATE application SET latest_revision = latest_revision + 1, row_version = row_version + 1 WHERE id = ? "
                        + "RETURNING latest_revision")
                .param(app.id()).query(Integer.class).single();
        return jdbc.sql("INSERT INTO application_revision (application_id, revision, manifest) VALUES (?, ?, ?::jsonb) "
                        + "RETURNING revision, created_at, manifest")
                .params(app.id(), revision, json.writeValueAsString(manifest))
                .query((rs, i) -> revision(app.name(), rs)).single();
    }

    @Transactional(readOnly = true)
    public Page<Revision> revisions(ApiCaller caller, String name, String cursor, int limit) {
        Application app = get(caller, name);
        long after = Page.decodeLong(cursor, 0);
        List<Revision> rows = jdbc.sql("""
                        SELECT revision, created_at, manifest FROM application_revision
                        WHERE application_id = ? AND revision > ? ORDER BY revision LIMIT ?""")
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

    /** The revision's manifest, if it exists. */
    @Transactional(readOnly = true)
    public Optional<Revision> find(Application app, int revision) {
        return jdbc.sql("SELECT revision, created_at, manifest FROM application_revision "
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
        return new Revision(application, rs.getInt("revision"), rs.getTimestamp("created_at").toInstant(),
                json.readValue(rs.getString("manifest"), MAP));
    }

    private static Application application(ResultSet rs, int i) throws SQLException {
        return new Application(rs.getLong("id"), rs.getString("name"), rs.getString("tenant"),
                rs.getString("namespace"), WorkloadKind.valueOf(rs.getString("kind")), rs.getInt("latest_revision"),
                rs.getTimestamp("created_at").toInstant());
    }
}
