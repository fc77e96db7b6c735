package dev.flotilla.meta.wave;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.FlotillaException;
import dev.flotilla.meta.web.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The one read surface of every campaign, whatever its kind: lists, status, targets and history, each behind the
 * same visibility rule (a tenant-scoped token sees its tenant's campaigns only; anything else answers 404). The kind
 * adds only its own facts ({@link CampaignKind#details}).
 */
@Service
public class CampaignQueries {

    /** A campaign as the visibility check reads it. */
    public record Head(long id, String kind, String subject, String tenant, String createdBy) {
    }

    /** A campaign in a list, newest first. */
    public record Summary(long id, String kind, String subject, CampaignState state, int currentWave, int waves,
            int targets, String createdBy, Instant createdAt, Instant finishedAt, Map<String, Object> details) {

        Summary withDetails(Map<String, Object> kindDetails) {
            return new Summary(id, kind, subject, state, currentWave, waves, targets, createdBy, createdAt, finishedAt,
                    kindDetails);
        }
    }

    /** A campaign's status: the engine's view (unwrapped) with its kind, subject, creator and the kind's facts. */
    public record Status(String kind, String subject, String createdBy, @JsonUnwrapped CampaignView campaign,
            Map<String, Object> details) {
    }

    /**
     * One target of a campaign.
     *
     * @param previous what the cluster ran before (or, for staged work, the last stage it finished), as the kind
     *                 names it: a rollout's revision, an upgrade's minor version
     * @param resources the standing of each resource of the target's bundle as its agent last reported it (null
     *                  before any such report)
     */
    public record Target(String cluster, String region, String zone, int wave, TargetState state, boolean rollback,
            String previous, Integer batch, Integer batches, JsonNode observed, String message, Instant updatedAt,
            JsonNode resources) {
    }

    private final JdbcClient jdbc;
    private final Campaigns campaigns;
    private final CampaignStore store;
    private final Map<String, CampaignKind> kinds;
    private final ObjectMapper json;

    CampaignQueries(JdbcClient jdbc, Campaigns campaigns, CampaignStore store, List<CampaignKind> kinds,
            ObjectMapper json) {
        this.jdbc = jdbc;
        this.campaigns = campaigns;
        this.store = store;
        this.kinds = kinds.stream().collect(Collectors.toMap(CampaignKind::kind, Function.identity()));
        this.json = json;
    }

    /** The campaign if it exists, is of {@code kind} (null: any) and the caller may see it; else a 404. */
    @Transactional(readOnly = true)
    public Head head(ApiCaller caller, long id, String kind) {
        return jdbc.sql("SELECT id, kind, subject, tenant, created_by FROM wave_campaign WHERE id = ?")
                .param(id)
                .query((rs, i) -> new Head(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)))
                .optional()
                .filter(h -> shown(caller, kind, h.kind(), h.tenant()))
                .orElseThrow(() -> FlotillaException.notFound(noun(kind), String.valueOf(id)));
    }

    /** Whether a campaign of {@code campaignKind} in {@code tenant} answers a request for {@code kind} (null: any). */
    private static boolean shown(ApiCaller caller, String kind, String campaignKind, String tenant) {
        return (kind == null || kind.equals(campaignKind)) && caller.sees(tenant);
    }

    /** Newest first, optionally of one kind, one subject and one state. */
    @Transactional(readOnly = true)
    public Page<Summary> list(ApiCaller caller, String kind, String subject, CampaignState state, String cursor,
            int limit) {
        if (kind != null && !kinds.containsKey(kind)) {
            throw FlotillaException.badInput("parameter 'kind' must be one of " + kinds.keySet().stream().sorted()
                    .toList() + " (was '" + kind + "')").with("field", "kind");
        }
        StringBuilder sql = new StringBuilder("""
                SELECT id, kind, subject, state, current_wave, jsonb_array_length(waves), target_count, created_by,
                       created_at, finished_at
                FROM wave_campaign WHERE id < ?""");
        List<Object> params = new ArrayList<>(List.of(Page.decodeLong(cursor, Long.MAX_VALUE)));
        filter(sql, params, "kind", kind);
        filter(sql, params, "subject", subject);
        filter(sql, params, "state", state == null ? null : state.name());
        caller.tenantScope().ifPresent(tenant -> filter(sql, params, "tenant", tenant));
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit + 1);
        List<Summary> rows = jdbc.sql(sql.toString()).params(params)
                .query((rs, i) -> new Summary(rs.getLong(1), rs.getString(2), rs.getString(3),
                        CampaignState.valueOf(rs.getString(4)), rs.getInt(5), rs.getInt(6), rs.getInt(7),
                        rs.getString(8), rs.getTimestamp(9).toInstant(),
                        rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant(), null))
                .list();
        Page<Summary> page = Page.of(rows, limit, s -> String.valueOf(s.id()));
        Map<Long, Map<String, Object>> details = new LinkedHashMap<>();
        page.items().stream().collect(Collectors.groupingBy(Summary::kind, Collectors.mapping(Summary::id,
                Collectors.toList()))).forEach((k, ids) -> details.putAll(kind(k).details(ids)));
        return new Page<>(page.items().stream().map(s -> s.withDetails(details.getOrDefault(s.id(), Map.of())))
                .toList(), page.nextCursor());
    }

    /**
     * The campaign's status. Asked every few seconds by every dashboard that shows a campaign, also while a large one
     * runs, so it takes as few round trips to PostgreSQL as it can: the campaign's row with its owner in one
     * statement, its counts (kept for a large active campaign, {@link TargetTallies}), the kind's details in one
     * more. No transaction: at READ COMMITTED each statement reads its own snapshot within one anyway, and the
     * transaction's COMMIT would be one more round trip; on a busy machine each is a wait for PostgreSQL's backend and
     * then the request thread to get a core (docs/benchmarks.md, change 47).
     */
    public Status status(ApiCaller caller, long id, String kind) {
        CampaignStore.Owned owned = store.findOwned(id)
                .filter(o -> shown(caller, kind, o.row().kind(), o.tenant()))
                .orElseThrow(() -> FlotillaException.notFound(noun(kind), String.valueOf(id)));
        CampaignRow row = owned.row();
        return new Status(row.kind(), row.subject(), owned.createdBy(), campaigns.view(row),
                kind(row.kind()).details(List.of(id)).getOrDefault(id, Map.of()));
    }

    /** Targets by cluster name, optionally filtered; the cursor is the last cluster name of the page before. */
    @Transactional(readOnly = true)
    public Page<TargetRow> targets(ApiCaller caller, long id, String kind, TargetFilter filter) {
        head(caller, id, kind);
        int limit = Page.limit(filter.limit());
        return Page.of(campaigns.targets(id, filter.state(), filter.wave(), filter.zone(), Page.decode(filter.cursor()),
                limit + 1), limit, TargetRow::cluster);
    }

    /** The generic view of a target row. */
    public Target target(TargetRow t) {
        return new Target(t.cluster(), t.region(), t.zone(), t.wave(), t.state(), t.rollback(), t.previous(),
                t.batch(), t.batches(), t.observedJson() == null ? null : json.readTree(t.observedJson()),
                t.message(), t.updatedAt(), t.resourcesJson() == null ? null : json.readTree(t.resourcesJson()));
    }

    /** Events after the cursor (the last seq seen; {@code after} is the same, for old clients), oldest first. */
    @Transactional(readOnly = true)
    public Page<CampaignEvent> events(ApiCaller caller, long id, String kind, String cursor, Long after, int limit) {
        head(caller, id, kind);
        long from = cursor == null || cursor.isEmpty() ? (after == null ? 0 : after) : CampaignEventStreams.seq(cursor);
        List<CampaignEvent> items = campaigns.events(id, from, limit);
        return new Page<>(items, items.size() < limit ? null : String.valueOf(items.get(items.size() - 1).seq()));
    }

    private CampaignKind kind(String kind) {
        CampaignKind k = kinds.get(kind);
        if (k == null) {
            throw new IllegalStateException("no campaign kind " + kind);
        }
        return k;
    }

    private String noun(String kind) {
        return kind == null ? "campaign" : kind(kind).noun();
    }

    private static void filter(StringBuilder sql, List<Object> params, String column, Object value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }
}
