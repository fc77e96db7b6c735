package dev.flotilla.meta.agentgateway;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkloadKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code work_item} and {@code work_manifest} tables: the only code that writes them. Set-based: one statement
 * per change, whatever the number of clusters. (The carriers' work generation is bumped by
 * {@link dev.flotilla.meta.cluster.ClusterAgentRecords#bumpWorkGeneration}.)
 */
@Component
class WorkItemStore {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    /** Manifests are immutable by their hash, so parsed ones are kept; bounded by clearing when full. */
    private static final int CACHED_MANIFESTS = 2000;

    /**
     * What the agent is told about an item besides its manifest and flags, stored as JSON with the item.
     *
     * @param workload for a bundle item, the index in its resources of the workload {@code manifest} repeats (null:
     *                 none, or a single-workload item)
     * @param uninstall the item removes the application (null in items stored before bundles: false)
     */
    private record Item(String application, WorkloadKind kind, String namespace, String name, int revision,
            ClusterStrategy strategy, Integer workload, Boolean uninstall) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    /** By hash: a single workload's manifest (a map) or a bundle's resources (a list). */
    private final Map<String, Object> manifests = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> payloads = new ConcurrentHashMap<>();
    private final Map<String, Item> items = new ConcurrentHashMap<>();

    WorkItemStore(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Puts the item on every placement's carrier, replacing what held the slot; answers the carriers changed. */
    List<Long> put(WorkSpec spec, Collection<WorkPlacement> placements) {
        return putAll(List.of(new WorkItems.Placed(spec, List.copyOf(placements))));
    }

    /**
     * Puts several items, each on its placements' carriers, in two statements whatever their number (clusters with
     * per-cluster bundles get as many items as clusters): one for the manifests not stored yet, one for the items.
     * Where two of them name the same (carrier, slot), the later one is put. Answers the carriers changed.
     */
    List<Long> putAll(Collection<WorkItems.Placed> placed) {
        record Row(long carrier, long cluster, String slot, WorkSpec spec, String payload, String item, String hash) {
        }
        Map<String, String> manifests = new LinkedHashMap<>();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (WorkItems.Placed p : placed) {
            WorkSpec spec = p.spec();
            // a bundle is stored whole (a JSON array): clusters whose rendered bundles are identical share its row
            String manifest = json.writeValueAsString(spec.resources() != null ? spec.resources()
                    : spec.uninstall() ? List.of() : spec.manifest());
            String hash = sha256(manifest);
            manifests.put(hash, manifest);
            String payload = json.writeValueAsString(spec.payload());
            String item = json.writeValueAsString(new Item(spec.application(), spec.workloadKind(),
                    spec.namespace(), spec.name(), spec.revision(), spec.strategy(), workloadIndex(spec),
                    spec.uninstall() ? Boolean.TRUE : null));
            for (WorkPlacement at : p.placements()) {
                rows.remove(at.carrierId() + "/" + spec.slot());
                rows.put(at.carrierId() + "/" + spec.slot(), new Row(at.carrierId(), at.clusterId(), spec.slot(),
                        spec, payload, item, hash));
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        jdbc.sql("""
                        INSERT INTO work_manifest (hash, manifest)
                        SELECT m.hash, m.manifest::jsonb FROM unnest(?::text[], ?::text[]) AS m(hash, manifest)
                        ORDER BY m.hash
                        ON CONFLICT (hash) DO NOTHING""")
                .params(manifests.keySet().toArray(String[]::new), manifests.values().toArray(String[]::new))
                .update();
        // rows in (carrier, cluster) order, as every writer of work rows takes them
        List<Row> ordered = rows.values().stream()
                .sorted(Comparator.comparingLong(Row::carrier).thenComparingLong(Row::cluster)).toList();
        return jdbc.sql("""
                        INSERT INTO work_item (carrier_id, slot, work_id, kind, campaign_id, cluster_id, payload, item,
                            manifest_hash, rollback)
                        SELECT p.carrier, p.slot, p.work_id, p.kind, p.campaign_id, p.cluster, p.payload::jsonb,
                            p.item::jsonb, p.hash, p.rollback
                        FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[],
                            ?::text[], ?::text[], ?::boolean[])
                            WITH ORDINALITY AS p(carrier, cluster, slot, work_id, kind, campaign_id, payload, item, hash,
                                rollback, n)
                        ORDER BY p.n
                        ON CONFLICT (carrier_id, slot) DO UPDATE SET work_id = EXCLUDED.work_id, kind = EXCLUDED.kind,
                            campaign_id = EXCLUDED.campaign_id, cluster_id = EXCLUDED.cluster_id,
                            payload = EXCLUDED.payload, item = EXCLUDED.item, manifest_hash = EXCLUDED.manifest_hash,
                            paused = false, rollback = EXCLUDED.rollback, generation = work_item.generation + 1,
                            phase = NULL, updated_at = now()
                        RETURNING carrier_id""")
                .params(ordered.stream().map(Row::carrier).toArray(Long[]::new),
                        ordered.stream().map(Row::cluster).toArray(Long[]::new),
                        ordered.stream().map(Row::slot).toArray(String[]::new),
                        ordered.stream().map(r -> r.spec().workId()).toArray(String[]::new),
                        ordered.stream().map(r -> r.spec().kind()).toArray(String[]::new),
                        ordered.stream().map(r -> r.spec().campaignId()).toArray(Long[]::new),
                        ordered.stream().map(Row::payload).toArray(String[]::new),
                        ordered.stream().map(Row::item).toArray(String[]::new),
                        ordered.stream().map(Row::hash).toArray(String[]::new),
                        ordered.stream().map(r -> r.spec().rollback()).toArray(Boolean[]::new))
                .query(Long.class).list();
    }

    /** Sets the campaign's items on these target clusters paused or not (rollbacks are never paused). */
    List<Long> setPaused(String kind, long campaignId, Collection<Long> clusterIds, boolean paused) {
        return jdbc.sql("""
                        UPDATE work_item SET paused = ?, generation = generation + 1, updated_at = now()
                        WHERE kind = ? AND campaign_id = ? AND cluster_id = ANY(?) AND paused <> ? AND NOT rollback
                        RETURNING carrier_id""")
                .params(paused, kind, campaignId, clusterIds.toArray(Long[]::new), paused).query(Long.class).list();
    }

    /** The target clusters whose item of this campaign is still on its carrier's list. */
    List<Long> held(String kind, long campaignId, Collection<Long> clusterIds) {
        return jdbc.sql("SELECT cluster_id FROM work_item WHERE kind = ? AND campaign_id = ? AND cluster_id = ANY(?)")
                .params(kind, campaignId, clusterIds.toArray(Long[]::new)).query(Long.class).list();
    }

    /** The carriers among these whose list holds an item in the slot. */
    List<Long> occupied(String slot, Collection<Long> carrierIds) {
        return jdbc.sql("SELECT carrier_id FROM work_item WHERE carrier_id = ANY(?) AND slot = ?")
                .params(carrierIds.toArray(Long[]::new), slot).query(Long.class).list();
    }

    /** Takes the campaign's items on these target clusters off their carriers' lists; answers (carrier, cluster). */
    List<WorkPlacement> remove(String kind, long campaignId, Collection<Long> clusterIds) {
        return jdbc.sql("""
                        DELETE FROM work_item WHERE kind = ? AND campaign_id = ? AND cluster_id = ANY(?)
                        RETURNING carrier_id, cluster_id""")
                .params(kind, campaignId, clusterIds.toArray(Long[]::new))
                .query((rs, i) -> new WorkPlacement(rs.getLong(1), rs.getLong(2))).list();
    }

    /** The carrier's list in slot order, as the agent receives it. */
    List<WorkItem> listFor(long carrierId) {
        return listsFor(List.of(carrierId)).getOrDefault(carrierId, List.of());
    }

    /** An item as the agent receives it: a bundle item when what is stored under its hash is a list. */
    @SuppressWarnings("unchecked")
    private static WorkItem workItem(String workId, Item item, Object stored, boolean paused, boolean rollback,
            long generation) {
        if (stored instanceof List<?> bundle) {
            List<Map<String, Object>> resources = (List<Map<String, Object>>) bundle;
            return new WorkItem(workId, item.application(), item.kind(), item.namespace(), item.name(),
                    item.revision(), item.workload() == null ? null : resources.get(item.workload()),
                    item.strategy(), paused, rollback, generation, resources, Boolean.TRUE.equals(item.uninstall()));
        }
        return new WorkItem(workId, item.application(), item.kind(), item.namespace(), item.name(), item.revision(),
                (Map<String, Object>) stored, item.strategy(), paused, rollback, generation);
    }

    /** Where in a bundle item's resources the workload its {@code manifest} repeats is (by identity). */
    private static Integer workloadIndex(WorkSpec spec) {
        if (spec.resources() == null || spec.manifest() == null) {
            return null;
        }
        for (int i = 0; i < spec.resources().size(); i++) {
            if (spec.resources().get(i) == spec.manifest()) {
                return i;
            }
        }
        int equal = spec.resources().indexOf(spec.manifest());
        return equal < 0 ? null : equal;
    }

    /**
     * The lists of these carriers in slot order, as their agents receive them, in one query (a carrier without
     * items has no entry): many woken polls are answered with one read.
     */
    Map<Long, List<WorkItem>> listsFor(Collection<Long> carrierIds) {
        record Row(long carrier, String workId, String item, String hash, boolean paused, boolean rollback,
                long generation) {
        }
        List<Row> rows = jdbc.sql("""
                        SELECT carrier_id, work_id, item::text, manifest_hash, paused, rollback, generation
                        FROM work_item WHERE carrier_id = ANY(?) ORDER BY carrier_id, slot""")
                .param(carrierIds.stream().mapToLong(Long::longValue).toArray())
                .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5), rs.getBoolean(6), rs.getLong(7)))
                .list();
        loadManifests(rows.stream().map(Row::hash).filter(h -> !manifests.containsKey(h)).distinct().toList());
        Map<Long, List<WorkItem>> lists = new HashMap<>();
        for (Row r : rows) {
            lists.computeIfAbsent(r.carrier(), c -> new ArrayList<>(2)).add(workItem(r.workId(), item(r.item()),
                    manifests.get(r.hash()), r.paused(), r.rollback(), r.generation()));
        }
        return lists;
    }

    /** Items repeat (every cluster of a rollout gets the same one): parsed once each. */
    private Item item(String text) {
        Item known = items.get(text);
        if (known == null) {
            if (items.size() >= CACHED_MANIFESTS) {
                items.clear();
            }
            known = json.readValue(text, Item.class);
            items.put(text, known);
        }
        return known;
    }

    /** An item a report names, on the list of the carrier whose agent reported. */
    record CarriedRef(long carrierId, ItemRef item) {
    }

    /**
     * The items these work ids name on their carriers' lists (without locking them), for every reporting carrier
     * in one query.
     */
    List<CarriedRef> refs(Map<Long, ? extends Collection<String>> workIdsByCarrier) {
        List<Long> carriers = new ArrayList<>();
        List<String> workIds = new ArrayList<>();
        workIdsByCarrier.forEach((carrier, ids) -> ids.forEach(id -> {
            carriers.add(carrier);
            workIds.add(id);
        }));
        if (carriers.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT w.carrier_id, w.work_id, w.kind, w.campaign_id, w.cluster_id FROM work_item w
                        JOIN unnest(?::bigint[], ?::text[]) AS r(carrier_id, work_id)
                          ON w.carrier_id = r.carrier_id AND w.work_id = r.work_id""")
                .params(carriers.toArray(Long[]::new), workIds.toArray(String[]::new))
                .query((rs, i) -> new CarriedRef(rs.getLong(1), new ItemRef(rs.getString(2), rs.getString(3),
                        rs.getLong(4), rs.getLong(5))))
                .list();
    }

    /**
     * The idempotency filter, for every reporting carrier in one statement: records each report that is about the
     * item's current generation and newer than the last one counted, and answers those; any other report changes
     * nothing. One report per (carrier, work id).
     */
    List<ItemReport> filterNewer(Map<Long, ? extends Collection<StatusReport>> reportsByCarrier) {
        List<Long> carriers = new ArrayList<>();
        List<StatusReport> reports = new ArrayList<>();
        Map<String, StatusReport> byKey = new HashMap<>();
        reportsByCarrier.forEach((carrier, rs) -> rs.forEach(r -> {
            carriers.add(carrier);
            reports.add(r);
            byKey.put(carrier + "/" + r.workId(), r);
        }));
        if (reports.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        UPDATE work_item w SET reported_generation = r.generation, reported_seq = r.seq,
                            phase = r.phase, updated_at = now()
                        FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::bigint[], ?::text[])
                            AS r(carrier_id, work_id, generation, seq, phase)
                        WHERE w.carrier_id = r.carrier_id AND w.work_id = r.work_id AND w.generation = r.generation
                          AND (r.generation, r.seq) > (w.reported_generation, w.reported_seq)
                        RETURNING w.carrier_id, w.work_id, w.kind, w.campaign_id, w.cluster_id, w.payload::text,
                            w.rollback""")
                .params(carriers.toArray(Long[]::new),
                        reports.stream().map(StatusReport::workId).toArray(String[]::new),
                        reports.stream().map(StatusReport::generation).toArray(Long[]::new),
                        reports.stream().map(StatusReport::seq).toArray(Long[]::new),
                        reports.stream().map(r -> r.phase().name()).toArray(String[]::new))
                .query((rs, i) -> new ItemReport(new ItemRef(rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5)), rs.getLong(1), payload(rs.getString(6)), rs.getBoolean(7),
                        byKey.get(rs.getLong(1) + "/" + rs.getString(2))))
                .list();
    }

    /** Payloads repeat (every item of a campaign on a kind's list carries the same one): parsed once each. */
    private Map<String, Object> payload(String text) {
        Map<String, Object> known = payloads.get(text);
        if (known == null) {
            if (payloads.size() >= CACHED_MANIFESTS) {
                payloads.clear();
            }
            known = java.util.Collections.unmodifiableMap(json.readValue(text, MAP));
            payloads.put(text, known);
        }
        return known;
    }

    private void loadManifests(List<String> hashes) {
        if (hashes.isEmpty()) {
            return;
        }
        if (manifests.size() >= CACHED_MANIFESTS) {
            manifests.clear();
        }
        jdbc.sql("SELECT hash, manifest::text FROM work_manifest WHERE hash = ANY(?)")
                .param(hashes.toArray(String[]::new))
                .query(rs -> {
                    manifests.put(rs.getString(1), json.readValue(rs.getString(2), Object.class));
                });
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
