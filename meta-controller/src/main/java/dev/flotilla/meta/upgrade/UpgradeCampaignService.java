package dev.flotilla.meta.upgrade;

import dev.flotilla.meta.application.Page;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.wave.CampaignControls;
import dev.flotilla.meta.wave.CampaignEvent;
import dev.flotilla.meta.wave.CampaignState;
import dev.flotilla.meta.wave.Campaigns;
import dev.flotilla.meta.wave.TargetState;
import dev.flotilla.meta.web.FlotillaException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** Fleet upgrade campaigns: plan (or dry-run), start, follow and operate them through the shared wave engine. */
@Service
public class UpgradeCampaignService {

    private static final Logger log = LoggerFactory.getLogger(UpgradeCampaignService.class);
    private static final TypeReference<List<UpgradeCampaignViews.RefusedCluster>> REFUSED = new TypeReference<>() {
    };

    /** What a create answers: the started campaign or the dry-run plan. */
    sealed interface Created permits Started, Planned {
    }

    record Started(UpgradeCampaignViews.CampaignStatus campaign) implements Created {
    }

    record Planned(UpgradeCampaignViews.DryRun plan) implements Created {
    }

    /** The campaign row as the API's visibility check needs it. */
    private record Head(long id, String targetVersion, boolean singleCluster, String tenant, String createdBy,
            String refused) {
    }

    private final UpgradeCampaignPlanning planning;
    private final UpgradeCampaignDryRun dryRuns;
    private final UpgradeLaunch launch;
    private final Campaigns campaigns;
    private final CampaignControls controls;
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    UpgradeCampaignService(UpgradeCampaignPlanning planning, UpgradeCampaignDryRun dryRuns, UpgradeLaunch launch,
            Campaigns campaigns, CampaignControls controls, JdbcClient jdbc, ObjectMapper json) {
        this.planning = planning;
        this.dryRuns = dryRuns;
        this.launch = launch;
        this.campaigns = campaigns;
        this.controls = controls;
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional
    Created create(ApiCaller caller, UpgradeCampaignRequest request) {
        UpgradeCampaignPlanning.Planned planned = planning.plan(caller, request);
        if (request.dry()) {
            return new Planned(dryRuns.of(request, planned));
        }
        String description = "upgrade of " + planned.plan().targetCount() + " clusters to " + request.targetVersion()
                + " in " + planned.plan().waves().size() + " waves" + (planned.refused().isEmpty() ? ""
                : "; " + planned.refused().size() + " refused at preflight");
        long id = launch.launch(new UpgradeLaunch.Launch("fleet-" + UUID.randomUUID(), request.targetVersion(),
                request.forced(), false, caller.tenantScope().orElse(null), request, planned.refused(),
                caller.tokenName(), description), planned.plan(), planned.settings(), planned.targets());
        log.info("upgrade campaign {}: created by {}: {}", id, caller.tokenName(), description);
        return new Started(get(caller, id));
    }

    @Transactional(readOnly = true)
    public UpgradeCampaignViews.CampaignStatus get(ApiCaller caller, long id) {
        Head head = head(caller, id);
        return new UpgradeCampaignViews.CampaignStatus(head.targetVersion(), head.singleCluster(), head.createdBy(),
                json.readValue(head.refused(), REFUSED),
                campaigns.view(id).orElseThrow(() -> notFound(id)));
    }

    @Transactional(readOnly = true)
    Page<UpgradeCampaignViews.Summary> list(ApiCaller caller, CampaignState state, String cursor, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT w.id, u.target_version, u.single_cluster, w.state, w.current_wave, jsonb_array_length(w.waves),
                       w.target_count, jsonb_array_length(u.refused), w.created_at, w.finished_at
                FROM wave_campaign w JOIN upgrade_campaign u ON u.id = w.id
                WHERE w.kind = 'UPGRADE' AND w.id < ?""");
        List<Object> params = new java.util.ArrayList<>(List.of(Page.decodeLong(cursor, Long.MAX_VALUE)));
        if (state != null) {
            sql.append(" AND w.state = ?");
            params.add(state.name());
        }
        caller.tenantScope().ifPresent(tenant -> {
            sql.append(" AND u.tenant = ?");
            params.add(tenant);
        });
        sql.append(" ORDER BY w.id DESC LIMIT ?");
        params.add(limit + 1);
        List<UpgradeCampaignViews.Summary> rows = jdbc.sql(sql.toString()).params(params)
                .query((rs, i) -> new UpgradeCampaignViews.Summary(rs.getLong(1), rs.getString(2), rs.getBoolean(3),
                        CampaignState.valueOf(rs.getString(4)), rs.getInt(5), rs.getInt(6), rs.getInt(7),
                        rs.getInt(8), rs.getTimestamp(9).toInstant(),
                        rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant()))
                .list();
        return Page.of(rows, limit, s -> String.valueOf(s.id()));
    }

    @Transactional(readOnly = true)
    Page<UpgradeCampaignViews.Target> targets(ApiCaller caller, long id, TargetState state, Integer wave, String zone,
            String cursor, int limit) {
        head(caller, id);
        var rows = campaigns.targets(id, state, wave, zone, Page.decode(cursor), limit + 1);
        Map<Long, Long> upgrades = new HashMap<>();
        jdbc.sql("SELECT cluster_id, id FROM cluster_upgrade WHERE campaign_id = ? AND cluster_id = ANY(?)")
                .params(id, rows.stream().map(r -> r.clusterId()).toArray(Long[]::new))
                .query(rs -> {
                    upgrades.put(rs.getLong(1), rs.getLong(2));
                });
        return Page.of(rows.stream().map(t -> new UpgradeCampaignViews.Target(t.cluster(), t.region(), t.zone(),
                t.wave(), t.state(), upgrades.get(t.clusterId()), t.previous(), t.batch(), t.batches(), t.message(),
                t.updatedAt())).toList(), limit, UpgradeCampaignViews.Target::cluster);
    }

    /** A 404 unless the upgrade campaign exists and the caller may see it (a rollout's id is not one). */
    @Transactional(readOnly = true)
    void checkVisible(ApiCaller caller, long id) {
        head(caller, id);
    }

    @Transactional(readOnly = true)
    List<CampaignEvent> events(ApiCaller caller, long id, long after, int limit) {
        head(caller, id);
        return campaigns.events(id, after, limit);
    }

    UpgradeCampaignViews.CampaignStatus control(ApiCaller caller, long id, String action) {
        head(caller, id);
        switch (action) {
            case "pause" -> controls.pause(UpgradeWork.KIND, id);
            case "resume" -> controls.resume(UpgradeWork.KIND, id);
            case "abort" -> controls.abort(UpgradeWork.KIND, id);
            case "rollback" -> controls.rollback(UpgradeWork.KIND, id);
            case "approve" -> controls.approve(UpgradeWork.KIND, id);
            default -> throw FlotillaException.notFound("action", action);
        }
        return get(caller, id);
    }

    private Head head(ApiCaller caller, long id) {
        return jdbc.sql("""
                        SELECT id, target_version, single_cluster, tenant, created_by, refused::text
                        FROM upgrade_campaign WHERE id = ?""")
                .param(id)
                .query((rs, i) -> new Head(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)))
                .optional()
                .filter(h -> caller.tenantScope().isEmpty() || caller.tenantScope().get().equals(h.tenant()))
                .orElseThrow(() -> notFound(id));
    }

    private static FlotillaException notFound(long id) {
        return FlotillaException.notFound("upgrade campaign", String.valueOf(id));
    }
}
