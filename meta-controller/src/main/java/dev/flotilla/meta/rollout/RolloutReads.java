package dev.flotilla.meta.rollout;

import dev.flotilla.api.agent.Observed;
import dev.flotilla.meta.application.Page;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.wave.CampaignState;
import dev.flotilla.meta.wave.Campaigns;
import dev.flotilla.meta.wave.TargetRow;
import dev.flotilla.meta.wave.TargetState;
import dev.flotilla.meta.web.FlotillaException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/** Read queries over rollouts: the head row with its visibility check, lists and target pages. */
@Component
class RolloutReads {

    /** The rollout row: what the caller may see of it is decided by its application's tenant. */
    record Head(long id, String application, String tenant, int revision, String spec) {
    }

    private final JdbcClient jdbc;
    private final Campaigns campaigns;
    private final ObjectMapper json;

    RolloutReads(JdbcClient jdbc, Campaigns campaigns, ObjectMapper json) {
        this.jdbc = jdbc;
        this.campaigns = campaigns;
        this.json = json;
    }

    /** The rollout if the caller may see it; otherwise not found. */
    @Transactional(readOnly = true)
    Head head(ApiCaller caller, long id) {
        return jdbc.sql("""
                        SELECT r.id, a.name, a.tenant, r.revision, r.spec FROM rollout r
                        JOIN application a ON a.id = r.application_id WHERE r.id = ?""")
                .param(id)
                .query((rs, i) -> new Head(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5)))
                .optional()
                .filter(h -> caller.sees(h.tenant()))
                .orElseThrow(() -> FlotillaException.notFound("rollout", String.valueOf(id)));
    }

    /** Newest first. */
    Page<RolloutView.Summary> list(ApiCaller caller, String application, CampaignState state, String cursor,
            int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT w.id, a.name, r.revision, w.state, w.current_wave, jsonb_array_length(w.waves),
                       w.target_count, w.created_at, w.finished_at
                FROM wave_campaign w JOIN rollout r ON r.id = w.id JOIN application a ON a.id = r.application_id
                WHERE w.kind = 'ROLLOUT' AND w.id < ?""");
        List<Object> params = new ArrayList<>(List.of(Page.decodeLong(cursor, Long.MAX_VALUE)));
        if (application != null) {
            sql.append(" AND a.name = ?");
            params.add(application);
        }
        if (state != null) {
            sql.append(" AND w.state = ?");
            params.add(state.name());
        }
        caller.tenantScope().ifPresent(tenant -> {
            sql.append(" AND a.tenant = ?");
            params.add(tenant);
        });
        sql.append(" ORDER BY w.id DESC LIMIT ?");
        params.add(limit + 1);
        List<RolloutView.Summary> rows = jdbc.sql(sql.toString()).params(params)
                .query((rs, i) -> new RolloutView.Summary(rs.getLong(1), rs.getString(2), rs.getInt(3),
                        CampaignState.valueOf(rs.getString(4)), rs.getInt(5), rs.getInt(6), rs.getInt(7),
                        rs.getTimestamp(8).toInstant(),
                        rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant()))
                .list();
        return Page.of(rows, limit, s -> String.valueOf(s.id()));
    }

    Page<RolloutTargetView> targets(long id, TargetState state, Integer wave, String zone, String cursor, int limit) {
        List<RolloutTargetView> rows = campaigns.targets(id, state, wave, zone, Page.decode(cursor), limit + 1)
                .stream().map(this::target).toList();
        return Page.of(rows, limit, RolloutTargetView::cluster);
    }

    private RolloutTargetView target(TargetRow t) {
        return new RolloutTargetView(t.cluster(), t.region(), t.zone(), t.wave(), t.state(), t.rollback(),
                t.previous() == null ? null : Integer.valueOf(t.previous()), t.batch(), t.batches(),
                t.observedJson() == null ? null : json.readValue(t.observedJson(), Observed.class), t.message(),
                t.updatedAt());
    }
}
