package dev.flotilla.meta.upgrade;

import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.wave.CampaignControls;
import dev.flotilla.meta.wave.CampaignEvent;
import dev.flotilla.meta.wave.CampaignQueries;
import dev.flotilla.meta.wave.CampaignState;
import dev.flotilla.meta.wave.TargetFilter;
import dev.flotilla.meta.wave.TargetRow;
import dev.flotilla.meta.web.Page;
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

    private final UpgradeCampaignPlanning planning;
    private final UpgradeCampaignDryRun dryRuns;
    private final UpgradeLaunch launch;
    private final CampaignQueries queries;
    private final CampaignControls controls;
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    UpgradeCampaignService(UpgradeCampaignPlanning planning, UpgradeCampaignDryRun dryRuns, UpgradeLaunch launch,
            CampaignQueries queries, CampaignControls controls, JdbcClient jdbc, ObjectMapper json) {
        this.planning = planning;
        this.dryRuns = dryRuns;
        this.launch = launch;
        this.queries = queries;
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

    /** The campaign as {@code GET /api/v1/upgrades/campaigns/{id}} shows it: the campaign's status, upgrade-shaped. */
    /** The upgrade campaign's status (no transaction, as {@link CampaignQueries#status}). */
    public UpgradeCampaignViews.CampaignStatus get(ApiCaller caller, long id) {
        CampaignQueries.Status status = queries.status(caller, id, UpgradeWork.KIND);
        Map<String, Object> d = status.details();
        return new UpgradeCampaignViews.CampaignStatus((String) d.get("targetVersion"),
                (Boolean) d.get("singleCluster"), status.createdBy(), json.convertValue(d.get("refused"), REFUSED),
                status.campaign());
    }

    /** Newest first, as {@code GET /api/v1/campaigns?kind=UPGRADE} lists them. */
    @Transactional(readOnly = true)
    Page<UpgradeCampaignViews.Summary> list(ApiCaller caller, CampaignState state, String cursor, int limit) {
        Page<CampaignQueries.Summary> page = queries.list(caller, UpgradeWork.KIND, null, state, cursor, limit);
        return new Page<>(page.items().stream().map(s -> new UpgradeCampaignViews.Summary(s.id(),
                (String) s.details().get("targetVersion"), (Boolean) s.details().get("singleCluster"), s.state(),
                s.currentWave(), s.waves(), s.targets(), ((List<?>) s.details().get("refused")).size(),
                s.createdAt(), s.finishedAt())).toList(), page.nextCursor());
    }

    /** The targets with each one's upgrade record. */
    @Transactional(readOnly = true)
    Page<UpgradeCampaignViews.Target> targets(ApiCaller caller, long id, TargetFilter filter) {
        Page<TargetRow> rows = queries.targets(caller, id, UpgradeWork.KIND, filter);
        Map<Long, Long> upgrades = new HashMap<>();
        jdbc.sql("SELECT cluster_id, id FROM cluster_upgrade WHERE campaign_id = ? AND cluster_id = ANY(?)")
                .params(id, rows.items().stream().map(TargetRow::clusterId).toArray(Long[]::new))
                .query(rs -> {
                    upgrades.put(rs.getLong(1), rs.getLong(2));
                });
        return new Page<>(rows.items().stream().map(t -> new UpgradeCampaignViews.Target(t.cluster(), t.region(),
                t.zone(), t.wave(), t.state(), upgrades.get(t.clusterId()), t.previous(), t.batch(), t.batches(),
                t.message(), t.updatedAt())).toList(), rows.nextCursor());
    }

    /** A 404 unless the upgrade campaign exists and the caller may see it (a rollout's id is not one). */
    @Transactional(readOnly = true)
    void checkVisible(ApiCaller caller, long id) {
        queries.head(caller, id, UpgradeWork.KIND);
    }

    @Transactional(readOnly = true)
    Page<CampaignEvent> events(ApiCaller caller, long id, String cursor, int limit) {
        return queries.events(caller, id, UpgradeWork.KIND, cursor, null, limit);
    }

    UpgradeCampaignViews.CampaignStatus control(ApiCaller caller, long id, String action) {
        queries.head(caller, id, UpgradeWork.KIND);
        controls.apply(UpgradeWork.KIND, id, action, caller);
        return get(caller, id);
    }
}
