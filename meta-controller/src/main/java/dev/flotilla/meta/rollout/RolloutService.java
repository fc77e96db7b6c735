package dev.flotilla.meta.rollout;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.Observed;
import dev.flotilla.api.agent.ResourceStatus;
import dev.flotilla.meta.application.Application;
import dev.flotilla.meta.application.ApplicationService;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.wave.CampaignControls;
import dev.flotilla.meta.wave.CampaignQueries;
import dev.flotilla.meta.wave.CampaignState;
import dev.flotilla.meta.wave.Campaigns;
import dev.flotilla.meta.wave.NewCampaign;
import dev.flotilla.meta.wave.TargetFilter;
import dev.flotilla.meta.wave.TargetRow;
import dev.flotilla.meta.wave.WaveSpec;
import dev.flotilla.meta.wave.WaveUnit;
import dev.flotilla.meta.web.FlotillaException;
import dev.flotilla.meta.web.Page;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** Starts rollouts (or answers their dry-run plan) and operates them; tenant-scoped callers see their own only. */
@Service
public class RolloutService {

    private static final Logger log = LoggerFactory.getLogger(RolloutService.class);
    private static final TypeReference<List<ResourceStatus>> RESOURCES = new TypeReference<>() {
    };

    /** What a create answers: the started rollout or the dry-run plan. */
    sealed interface Created permits Started, Planned {
    }

    record Started(RolloutView rollout) implements Created {
    }

    record Planned(DryRun plan) implements Created {
    }

    private final ApplicationService applications;
    private final RolloutTargets targets;
    private final Campaigns campaigns;
    private final CampaignQueries queries;
    private final CampaignControls controls;
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    RolloutService(ApplicationService applications, RolloutTargets targets, Campaigns campaigns,
            CampaignQueries queries, CampaignControls controls, JdbcClient jdbc, ObjectMapper json) {
        this.applications = applications;
        this.targets = targets;
        this.campaigns = campaigns;
        this.queries = queries;
        this.controls = controls;
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional
    Created create(ApiCaller caller, RolloutRequest request) {
        Application app = application(caller, request.application());
        if (request.removes() && request.revision() != null) {
            throw FlotillaException.badInput("an uninstall rollout takes no revision (was " + request.revision()
                    + ")").with("field", "revision");
        }
        if (!request.removes() && request.revision() == null) {
            throw FlotillaException.badInput("field 'revision' is required (or 'uninstall': true)")
                    .with("field", "revision");
        }
        if (!request.removes() && applications.find(app, request.revision()).isEmpty()) {
            throw FlotillaException.badInput("application '" + app.name() + "' has no revision " + request.revision())
                    .with("field", "revision");
        }
        List<WaveUnit> units = targets.select(caller, request.clusters());
        WaveSpec.Planned planned = RolloutPlanning.plan(request, units);
        if (Boolean.TRUE.equals(request.dryRun())) {
            return new Planned(RolloutPlanning.dryRun(request, planned));
        }
        String description = (request.removes() ? "uninstall of " + app.name() + " from "
                : "rollout of " + app.name() + " revision " + request.revision() + " to ")
                + planned.plan().targetCount() + " clusters in " + planned.plan().waves().size() + " waves";
        long id = campaigns.create(new NewCampaign(RolloutWork.KIND, app.name(), app.tenant(), caller.tokenName(),
                description), planned.plan(), planned.settings(), targets.previousRevisions(app, units), Map.of());
        ClusterStrategy strategy = request.clusterStrategy() == null ? ClusterStrategy.oneBatch()
                : request.clusterStrategy();
        jdbc.sql("INSERT INTO rollout (id, application_id, revision, uninstall, cluster_strategy, spec) "
                        + "VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb)")
                .params(id, app.id(), request.revision(), request.removes(), json.writeValueAsString(strategy),
                        json.writeValueAsString(request))
                .update();
        log.info("rollout {}: created by {}: {}", id, caller.tokenName(), description);
        return new Started(get(caller, id));
    }

    /**
     * The rollout as {@code GET /api/v1/rollouts/{id}} shows it: the campaign's status in the rollout's shape (no
     * transaction, as {@link CampaignQueries#status}).
     */
    public RolloutView get(ApiCaller caller, long id) {
        CampaignQueries.Status status = queries.status(caller, id, RolloutWork.KIND);
        Map<String, Object> d = status.details();
        return RolloutView.of((String) d.get("application"), (Integer) d.get("revision"),
                Boolean.TRUE.equals(d.get("uninstall")), status.campaign(), spec(d));
    }

    /** Newest first, as {@code GET /api/v1/campaigns?kind=ROLLOUT&subject=<application>} lists them. */
    @Transactional(readOnly = true)
    Page<RolloutView.Summary> list(ApiCaller caller, String application, CampaignState state, String cursor,
            int limit) {
        Page<CampaignQueries.Summary> page = queries.list(caller, RolloutWork.KIND, application, state, cursor, limit);
        return new Page<>(page.items().stream().map(s -> new RolloutView.Summary(s.id(), s.subject(),
                (Integer) s.details().get("revision"), Boolean.TRUE.equals(s.details().get("uninstall")), s.state(), s.currentWave(), s.waves(), s.targets(),
                s.createdAt(), s.finishedAt())).toList(), page.nextCursor());
    }

    Page<RolloutTargetView> targets(ApiCaller caller, long id, TargetFilter filter) {
        Page<TargetRow> rows = queries.targets(caller, id, RolloutWork.KIND, filter);
        return new Page<>(rows.items().stream().map(t -> new RolloutTargetView(t.cluster(), t.region(), t.zone(),
                t.wave(), t.state(), t.rollback(), t.previous() == null ? null : Integer.valueOf(t.previous()),
                t.batch(), t.batches(), t.observedJson() == null ? null : json.readValue(t.observedJson(),
                Observed.class), t.resourcesJson() == null ? null : json.readValue(t.resourcesJson(), RESOURCES),
                t.message(), t.updatedAt())).toList(), rows.nextCursor());
    }

    RolloutView control(ApiCaller caller, long id, String action) {
        queries.head(caller, id, RolloutWork.KIND);
        controls.apply(RolloutWork.KIND, id, action, caller);
        return get(caller, id);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> details) {
        return (Map<String, Object>) details.get("spec");
    }

    private Application application(ApiCaller caller, String name) {
        try {
            return applications.get(caller, name);
        } catch (FlotillaException e) {
            throw FlotillaException.badInput("application '" + name + "' not found").with("field", "application");
        }
    }
}
