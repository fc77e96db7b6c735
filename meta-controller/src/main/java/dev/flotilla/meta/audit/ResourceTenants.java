package dev.flotilla.meta.audit;

import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The tenant of the resource an audited call acts on, so a tenant's admins can read their tenant's records: looked
 * up before the call (a deleted resource is still there), for each kind of resource that has a tenant.
 */
@Component
class ResourceTenants {

    private static final Map<String, String> BY_NAME = Map.of(
            "cluster", "SELECT tenant FROM cluster WHERE name = ?",
            "application", "SELECT tenant FROM application WHERE name = ?",
            "token", "SELECT tenant FROM api_token WHERE name = ?");
    private static final Map<String, String> BY_ID = Map.of(
            "rollout", "SELECT tenant FROM wave_campaign WHERE id = ?",
            "campaign", "SELECT tenant FROM wave_campaign WHERE id = ?",
            "upgrade-campaign", "SELECT tenant FROM wave_campaign WHERE id = ?",
            "upgrade", "SELECT c.tenant FROM cluster_upgrade u JOIN cluster c ON c.id = u.cluster_id WHERE u.id = ?",
            "registration-token", "SELECT tenant FROM registration_token WHERE id = ?");

    private final JdbcClient jdbc;

    ResourceTenants(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The resource's tenant, if it exists and has one. */
    Optional<String> of(String type, String id) {
        // only what a name or id can be: anything else names nothing, and must not fail the call's transaction
        if (type == null || id == null || !id.matches("[a-z0-9][-a-z0-9.]{0,252}")) {
            return Optional.empty();
        }
        String byName = BY_NAME.get(type);
        if (byName != null) {
            return jdbc.sql(byName).param(id).query(String.class).optional();
        }
        String byId = BY_ID.get(type);
        if (byId == null || !id.matches("[0-9]{1,18}")) {
            return Optional.empty();
        }
        return jdbc.sql(byId).param(Long.parseLong(id)).query(String.class).optional();
    }
}
