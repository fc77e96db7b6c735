package dev.flotilla.meta.rollout;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.meta.application.Application;
import dev.flotilla.meta.application.ApplicationService;
import dev.flotilla.meta.application.Page;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.wave.CampaignControls;
import dev.flotilla.meta.wave.Campaigns;
import dev.flotilla.meta.wave.CampaignState;
import dev.flotilla.meta.wave.WaveUnit;
import dev.flotilla.meta.web.FlotillaException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** Starts rollouts (or answers their dry-run plan) and operates them; tenant-scoped callers see their own only. */
@Service
public class RolloutService {

    private static final Logger log = LoggerFactory.getLogger(RolloutService.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
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
    private final RolloutReads reads;
    private final Campaigns campaigns;
    private final CampaignControls controls;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;
    private final ObjectMapper json;

    RolloutService(ApplicationService applications, RolloutTargets targets, RolloutReads reads, Campaigns campaigns,
            CampaignControls controls, org.springframework.jdbc.core.simple.JdbcClient jdbc, ObjectMapper json) {
        this.applications = applications;
        this.targets = targets;
        this.reads = reads;
        this.campaigns = campaigns;
        this.controls = controls;
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional
    Created create(ApiCaller caller, RolloutRequest request) {
        Application app = application(caller, request.application());
        if (applications.find(app, request.revision()).isEmpty()) {
            throw FlotillaException.badInput("application '" + app.name() + "' has no revision " + request.revision())
                    .with("field", "revision");
        }
        List<WaveUnit> units = targets.select(caller, request.clusters());
        RolloutPlanning.Planned planned = RolloutPlanning.plan(request, units);
        if (Boolean.TRUE.equals(request.dryRun())) {
            return new Planned(RolloutPlanning.dryRun(request, planned));
        }
        String description = "rollout of " + app.name() + " revision " + request.revision() + " to "
                + planned.plan().targetCount() + " clusters in " + planned.plan().waves().size() + " waves";
        long id = campaigns.create(RolloutWork.KIND, app.name(), planned.plan(), planned.settings(),
                targets.previousRevisions(app, units), description);
        ClusterStrategy strategy = request.clusterStrategy() == null ? ClusterStrategy.oneBatch()
                : request.clusterStrategy();
        jdbc.sql("INSERT INTO rollout (id, application_id, revision, cluster_strategy, spec, created_by) "
                        + "VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?)")
                .params(id, app.id(), request.revision(), json.writeValueAsString(strategy),
                        json.writeValueAsString(request), caller.tokenName())
                .update();
        log.info("rollout {}: created by {}: {}", id, caller.tokenName(), description);
        return new Started(get(caller, id));
    }

    @Transactional(readOnly = true)
    public RolloutView get(ApiCaller caller, long id) {
        RolloutReads.Head head = reads.head(caller, id);
        return RolloutView.of(head.application(), head.revision(),
                campaigns.view(id).orElseThrow(() -> FlotillaException.notFound("rollout", String.valueOf(id))),
                json.readValue(head.spec(), MAP));
    }

    @Transactional(readOnly = true)
    Page<RolloutView.Summary> list(ApiCaller caller, String application, CampaignState state, String cursor,
            int limit) {
        return reads.list(caller, application, state, cursor, limit);
    }

    RolloutView control(ApiCaller caller, long id, String action) {
        reads.head(caller, id);
        switch (action) {
            case "pause" -> controls.pause(RolloutWork.KIND, id);
            case "resume" -> controls.resume(RolloutWork.KIND, id);
            case "abort" -> controls.abort(RolloutWork.KIND, id);
            case "rollback" -> controls.rollback(RolloutWork.KIND, id);
            case "approve" -> controls.approve(RolloutWork.KIND, id);
            default -> throw FlotillaException.notFound("action", action);
        }
        return get(caller, id);
    }

    private Application application(ApiCaller caller, String name) {
        try {
            return applications.get(caller, name);
        } catch (FlotillaException e) {
            throw FlotillaException.badInput("application '" + name + "' not found").with("field", "application");
        }
    }
}
