package dev.flotilla.meta.agentgateway;

import dev.flotilla.meta.token.Secrets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Clusters made directly in the database, as the portal's cluster API would leave them: waiting for
 * registration with a bootstrap token, or already registered with an agent token.
 */
final class TestFleet {

    private final JdbcClient jdbc;

    TestFleet(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A REGISTERING cluster whose bootstrap token is {@code token}. */
    long awaitingRegistration(String name, String token, Instant expiresAt) {
        return jdbc.sql("""
                        INSERT INTO cluster (name, tenant, region, zone, bootstrap_token_hash, bootstrap_expires_at)
                        VALUES (?, 'acme', 'eu-west', 'eu-west-1a', ?, ?) RETURNING id""")
                .params(name, Secrets.hash(token), Timestamp.from(expiresAt))
                .query(Long.class).single();
    }

    /** A registered cluster in {@code state} with a fresh heartbeat; answers its agent token. */
    String registered(String name, String state) {
        String token = Secrets.generate(Secrets.AGENT_PREFIX);
        jdbc.sql("""
                        INSERT INTO cluster (name, tenant, region, zone, state, agent_token_hash,
                                             registered_at, last_heartbeat_at)
                        VALUES (?, 'acme', 'eu-west', 'eu-west-1a', ?, ?, now(), now())""")
                .params(name, state, Secrets.hash(token))
                .update();
        return token;
    }

    /** Many READY clusters in one statement; answers their agent tokens in name order. */
    List<String> registeredMany(String prefix, int count) {
        List<String> names = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> String.format("%s-%05d", prefix, i)).toList();
        List<String> tokens = names.stream().map(n -> Secrets.generate(Secrets.AGENT_PREFIX)).toList();
        jdbc.sql("""
                        INSERT INTO cluster (name, tenant, region, zone, state, agent_token_hash,
                                             registered_at, last_heartbeat_at)
                        SELECT n, 'acme', 'eu-west', 'eu-west-1a', 'READY', h, now(), now()
                        FROM unnest(?::text[], ?::text[]) AS v(n, h)""")
                .params(names.toArray(String[]::new),
                        tokens.stream().map(Secrets::hash).toArray(String[]::new))
                .update();
        return tokens;
    }

    long id(String name) {
        return jdbc.sql("SELECT id FROM cluster WHERE name = ?").param(name).query(Long.class).single();
    }

    String state(String name) {
        return jdbc.sql("SELECT state FROM cluster WHERE name = ?").param(name).query(String.class).single();
    }

    Instant lastHeartbeat(String name) {
        return jdbc.sql("SELECT last_heartbeat_at FROM cluster WHERE name = ?").param(name)
                .query((rs, i) -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant())
                .single();
    }

    /** Moves the cluster's work forward the way a feature does in its own transaction; answers the new generation. */
    long bumpWork(long clusterId) {
        return jdbc.sql("""
                        INSERT INTO cluster_work (cluster_id, generation, changed_at) VALUES (?, 1, now())
                        ON CONFLICT (cluster_id) DO UPDATE SET generation = cluster_work.generation + 1,
                            changed_at = now()
                        RETURNING generation""")
                .param(clusterId).query(Long.class).single();
    }

    /** The cluster's work generation as stored (0 before its first change). */
    long workGeneration(long clusterId) {
        return jdbc.sql("SELECT coalesce((SELECT generation FROM cluster_work WHERE cluster_id = ?), 0)")
                .param(clusterId).query(Long.class).single();
    }

    /** Makes the heartbeat look old, as if the agent had stopped polling long ago. */
    void ageHeartbeat(String name) {
        jdbc.sql("UPDATE cluster SET last_heartbeat_at = now() - interval '1 hour' WHERE name = ?")
                .param(name).update();
    }
}
