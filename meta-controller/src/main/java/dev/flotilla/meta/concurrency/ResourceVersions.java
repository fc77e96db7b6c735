package dev.flotilla.meta.concurrency;

import dev.flotilla.meta.token.ApiCaller;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The row version behind each resource that answers an {@code ETag}: a cluster ({@code row_version}, which every
 * change a caller makes bumps: patch, cordon, a new bootstrap token, registration), its maintenance window and its
 * control plane, an application (bumped by each new revision) and an API token. Read with the caller's tenant scope,
 * so a tenant-scoped caller learns nothing of another tenant's resources.
 */
@Component
public class ResourceVersions {

    /** A kind of versioned resource: the path that names one and the query of its id and version. */
    public enum Kind {
        CLUSTER("^/api/v1/clusters/([^/]+)$",
                "SELECT c.id, c.row_version FROM cluster c WHERE c.name = ?", "c", "c.tenant"),
        MAINTENANCE_WINDOW("^/api/v1/clusters/([^/]+)/maintenance-window$",
                "SELECT w.cluster_id, w.row_version FROM maintenance_window w JOIN cluster c ON c.id = w.cluster_id "
                        + "WHERE c.name = ?", "w", "c.tenant"),
        CONTROL_PLANE("^/api/v1/clusters/([^/]+)/control-plane$",
                "SELECT p.cluster_id, p.row_version FROM control_plane p JOIN cluster c ON c.id = p.cluster_id "
                        + "WHERE c.name = ?", "p", "c.tenant"),
        APPLICATION("^/api/v1/applications/([^/]+)$",
                "SELECT a.id, a.row_version FROM application a WHERE a.name = ?", "a", "a.tenant"),
        TOKEN("^/api/v1/tokens/([^/]+)$",
                "SELECT t.id, t.row_version FROM api_token t WHERE t.name = ?", "t", null);

        private final Pattern path;
        private final String select;
        private final String alias;
        private final String tenantColumn;

        Kind(String path, String select, String alias, String tenantColumn) {
            this.path = Pattern.compile(path);
            this.select = select;
            this.alias = alias;
            this.tenantColumn = tenantColumn;
        }
    }

    /** One versioned resource: its kind and its name. */
    public record Resource(Kind kind, String name) {
    }

    /** A new revision of an application is a conditional write of the application. */
    private static final Pattern REVISIONS = Pattern.compile("^/api/v1/applications/([^/]+)/revisions$");

    private final JdbcClient jdbc;

    ResourceVersions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The versioned resource a request path names, if any. */
    public static Optional<Resource> at(String uri) {
        for (Kind kind : Kind.values()) {
            Matcher m = kind.path.matcher(uri);
            if (m.matches()) {
                return Optional.of(new Resource(kind, m.group(1)));
            }
        }
        return Optional.empty();
    }

    /**
     * The versioned resource a write changes, if any: a PUT, PATCH or DELETE of a versioned resource, or a POST of
     * a new application revision (conditional on the application).
     */
    public static Optional<Resource> writtenBy(String method, String uri) {
        if (method.equals("POST")) {
            Matcher m = REVISIONS.matcher(uri);
            return m.matches() ? Optional.of(new Resource(Kind.APPLICATION, m.group(1))) : Optional.empty();
        }
        return method.equals("PUT") || method.equals("PATCH") || method.equals("DELETE") ? at(uri) : Optional.empty();
    }

    /**
     * The resource's current strong entity tag as the caller may see it (empty: it does not exist for the caller);
     * {@code lock} takes the row's lock until the transaction ends, so a write after the comparison is atomic with
     * it: no other writer can change the version in between.
     */
    public Optional<String> currentTag(ApiCaller caller, Resource resource, boolean lock) {
        Kind kind = resource.kind();
        String tenant = caller == null ? null : caller.tenant();
        StringBuilder sql = new StringBuilder(kind.select);
        if (kind.tenantColumn != null && tenant != null) {
            sql.append(" AND ").append(kind.tenantColumn).append(" = :tenant");
        }
        if (lock) {
            sql.append(" FOR UPDATE OF ").append(kind.alias);
        }
        var statement = jdbc.sql(sql.toString().replace("?", ":name")).param("name", resource.name());
        if (kind.tenantColumn != null && tenant != null) {
            statement = statement.param("tenant", tenant);
        }
        return statement.query((rs, i) -> EntityTags.strong(rs.getLong(1), rs.getLong(2))).optional();
    }
}
