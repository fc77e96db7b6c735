package dev.flotilla.meta.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Seeds a realistic fleet for the benchmark, in batches of one statement each (unnest of arrays). */
final class BenchFleet {

    private static final String[][] ZONES = {
        {"eu-west-1", "eu-west-1a", "eu-west-1b", "eu-west-1c"},
        {"us-east-1", "us-east-1a", "us-east-1b", "us-east-1c"},
        {"ap-south-1", "ap-south-1a", "ap-south-1b", "ap-south-1c"}};
    private static final String[] ENVS = {"prod", "prod", "staging", "dev"};
    private static final String[] TIERS = {"gold", "silver", "silver", "bronze", "bronze"};
    private static final String[] STATES = {"READY", "READY", "READY", "READY", "NOT_READY", "REGISTERING", "CORDONED"};
    private static final String[] VERSIONS = {"v1.29.8", "v1.30.4", "v1.30.4", "v1.31.1", "v1.31.1", "v1.31.1"};
    private static final int BATCH = 1_000;

    private final JdbcClient jdbc;

    BenchFleet(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static String name(int i) {
        return "cluster-%05d".formatted(i);
    }

    void insert(int count) {
        Random random = new Random(42);
        for (int from = 0; from < count; from += BATCH) {
            List<String[]> rows = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + BATCH); i++) {
                rows.add(row(i, random));
            }
            insertBatch(rows);
        }
        jdbc.sql("ANALYZE cluster").update();
    }

    private static String[] row(int i, Random random) {
        String[] region = ZONES[random.nextInt(ZONES.length)];
        String labels = "{\"env\":\"%s\",\"team\":\"team-%02d\",\"tier\":\"%s\",\"cost-center\":\"cc-%03d\"}"
                .formatted(ENVS[random.nextInt(ENVS.length)], random.nextInt(12),
                        TIERS[random.nextInt(TIERS.length)], random.nextInt(200));
        return new String[] {name(i), "tenant-%02d".formatted(random.nextInt(20)), region[0],
            region[1 + random.nextInt(3)], labels, STATES[random.nextInt(STATES.length)],
            VERSIONS[random.nextInt(VERSIONS.length)]};
    }

    private void insertBatch(List<String[]> rows) {
        Object[] columns = new Object[7];
        for (int c = 0; c < columns.length; c++) {
            int column = c;
            columns[c] = rows.stream().map(r -> r[column]).toArray(String[]::new);
        }
        jdbc.sql("""
                        INSERT INTO cluster (name, tenant, region, zone, labels, state, kubernetes_version,
                                             kruise_version, agent_version, node_count, registered_at, last_heartbeat_at)
                        SELECT n, t, r, z, l::jsonb, s, v, 'v1.7.2', '0.1.0', 12, now(), now()
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                             AS u(n, t, r, z, l, s, v)""")
                .params(columns)
                .update();
    }
}
