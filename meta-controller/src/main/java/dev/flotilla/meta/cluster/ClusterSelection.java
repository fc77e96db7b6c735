package dev.flotilla.meta.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.FlotillaException;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which clusters a campaign targets, as every kind's request names them: those matching the label selector and/or
 * the named ones, minus the excluded; a tenant-scoped caller only its tenant's. Each kind adds which cluster states
 * it may target.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterSelection(@Size(max = 4096) String selector,
        @Size(max = 10000) List<@NotBlank @Size(max = 63) String> names,
        @Size(max = 10000) List<@NotBlank @Size(max = 63) String> excludeNames) {

    /** Every cluster (still subject to the caller's tenant and the kind's states). */
    public static ClusterSelection all() {
        return new ClusterSelection(null, null, null);
    }

    /** Whether it says which clusters at all (a selector or names). */
    public boolean narrowed() {
        return selector != null || (names != null && !names.isEmpty());
    }

    /** Appends the selection's conditions on the cluster row {@code c} to a WHERE clause (a 400 for a bad selector). */
    public void appendSql(ApiCaller caller, StringBuilder where, List<Object> params) {
        LabelSelector.parse(selector).appendSql("c.labels", where, params);
        if (names != null && !names.isEmpty()) {
            where.append(" AND c.name = ANY(?)");
            params.add(names.toArray(String[]::new));
        }
        if (excludeNames != null && !excludeNames.isEmpty()) {
            where.append(" AND NOT (c.name = ANY(?))");
            params.add(excludeNames.toArray(String[]::new));
        }
        caller.tenantScope().ifPresent(tenant -> {
            where.append(" AND c.tenant = ?");
            params.add(tenant);
        });
    }

    /**
     * A 400 naming the first named (and not excluded) cluster the selection did not find.
     *
     * @param unless why such a cluster cannot be targeted, as the kind states it
     */
    public void checkNamesFound(Collection<String> found, String unless) {
        if (names == null) {
            return;
        }
        Set<String> seen = new HashSet<>(found);
        Set<String> excluded = excludeNames == null ? Set.of() : Set.copyOf(excludeNames);
        for (String name : names) {
            if (!seen.contains(name) && !excluded.contains(name)) {
                throw FlotillaException.badInput("cluster '" + name + "' cannot be targeted: it is " + unless)
                        .with("cluster", name).with("field", "clusters.names");
            }
        }
    }
}
