package dev.flotilla.meta.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A fingerprint of every application table: per table, its row count and an MD5 of all its rows, each row as its
 * JSON text ({@code to_jsonb}) with the volatile columns removed, sorted so physical order does not count. Two equal
 * fingerprints mean no row was added, removed or changed. Left out on purpose: the heartbeat time (an agent's
 * request may beat before its body is refused, which is a liveness signal, not a change) and sequences (PostgreSQL
 * never gives back a value a refused insert drew, and no reader sees it).
 */
final class DatabaseChecksum {

    private static final Map<String, List<String>> VOLATILE = Map.of("cluster", List.of("last_heartbeat_at"),
            "api_token", List.of("last_used_at"),
            // a delivery's progress is the deliverer's, not a request's
            "webhook_delivery", List.of("state", "attempts", "next_attempt_at", "lease_until", "claim",
                    "last_attempt_at", "last_status", "last_error", "delivered_at"));
    /** Tables a refused call writes to on purpose: the audit log records every refusal (in its own transaction). */
    private static final java.util.Set<String> RECORDS_REFUSALS = java.util.Set.of("audit_record");

    private final JdbcClient jdbc;

    DatabaseChecksum(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Table name to {@code <rows>:<md5>}. */
    Map<String, String> take() {
        Map<String, String> sums = new TreeMap<>();
        for (String table : tables()) {
            String dropped = String.join(",", VOLATILE.getOrDefault(table, List.of()));
            String row = dropped.isEmpty() ? "to_jsonb(t)::text" : "(to_jsonb(t) - '{" + dropped + "}'::text[])::text";
            sums.put(table, jdbc.sql("SELECT count(*) || ':' || coalesce(md5(string_agg(r, E'\\n' ORDER BY r)), '-')"
                    + " FROM (SELECT " + row + " AS r FROM \"" + table + "\" t) rows").query(String.class).single());
        }
        return sums;
    }

    /** The tables whose fingerprints differ. */
    static List<String> changed(Map<String, String> before, Map<String, String> after) {
        List<String> tables = new ArrayList<>();
        after.forEach((table, sum) -> {
            if (!sum.equals(before.get(table))) {
                tables.add(table + " (" + before.get(table) + " -> " + sum + ")");
            }
        });
        return tables;
    }

    private List<String> tables() {
        return jdbc.sql("""
                        SELECT table_name FROM information_schema.tables
                        WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
                          AND table_name <> 'flyway_schema_history'
                        ORDER BY table_name""")
                .query(String.class).list().stream().filter(t -> !RECORDS_REFUSALS.contains(t)).toList();
    }
}
