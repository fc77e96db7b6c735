package dev.flotilla.meta.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.token.Role;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Each filter of {@code GET /api/v1/audit} is served by an index over a log of 200,000 records (1000 actors,
 * 2000 resources, 40 actions, 20 tenants): PostgreSQL's plan reads no table from end to end, and a page answers
 * within a bound that a scan of the log would not keep.
 */
@IntegrationTest
@TestPropertySource(properties = "flotilla.test.context=audit-plans")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditQueryPlanIT {

    private static final ApiCaller FLEET = new ApiCaller("admin", Role.admin, null);
    private static final ApiCaller TENANT = new ApiCaller("t-admin", Role.admin, "tenant-7");

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    void fillTheLog() {
        jdbc.sql("""
                INSERT INTO audit_record (at, actor, actor_name, tenant, action, resource_type, resource_id, method,
                                          path, request_summary, status)
                SELECT now() - (200000 - g) * interval '1 second', 'actor-' || (g % 1000), 'Actor ' || (g % 1000),
                       'tenant-' || (g % 20), 'kind-' || (g % 4) || '.verb-' || (g % 10), 'kind-' || (g % 4),
                       'res-' || (g % 2000), 'POST', '/api/v1/x', '{}', 200
                FROM generate_series(1, 200000) g""").update();
        jdbc.sql("ANALYZE audit_record").update();
    }

    static List<Object[]> filters() {
        Instant hourAgo = Instant.now().minusSeconds(3600);
        return List.of(
                new Object[] {"actor", FLEET, new AuditLog.Filter("actor-42", null, null, null, null)},
                new Object[] {"resource", FLEET, new AuditLog.Filter(null, "kind-2", "res-1042", null, null)},
                new Object[] {"action", FLEET, new AuditLog.Filter(null, null, null, "kind-1.verb-3", null)},
                new Object[] {"since", FLEET, new AuditLog.Filter(null, null, null, null, hourAgo)},
                new Object[] {"tenant", TENANT, new AuditLog.Filter(null, null, null, null, null)},
                new Object[] {"tenant and actor", TENANT, new AuditLog.Filter("actor-7", null, null, null, null)},
                new Object[] {"everything", FLEET, new AuditLog.Filter(null, null, null, null, null)});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void everyFilterReadsThroughAnIndex(String name, ApiCaller caller, AuditLog.Filter filter) {
        AuditLog.Query query = AuditLog.query(caller, filter, null, 100);

        List<String> plan = jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + query.sql()).params(query.params())
                .query(String.class).list();

        String text = String.join("\n", plan);
        assertThat(text).as(text).doesNotContain("Seq Scan");
        double ms = Double.parseDouble(plan.get(plan.size() - 1).replaceAll("[^0-9.]", ""));
        assertThat(ms).as(text).isLessThan(250.0);
        System.out.printf("audit filter %-18s %8.3f ms  %s%n", name, ms, plan.get(0).trim());
    }
}
