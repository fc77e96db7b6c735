package dev.flotilla.meta.upgrade;

import dev.flotilla.meta.wave.CampaignSettings;
import dev.flotilla.meta.wave.Campaigns;
import dev.flotilla.meta.wave.NewCampaign;
import dev.flotilla.meta.wave.WavePlan;
import dev.flotilla.meta.wave.WaveUnit;
import dev.flotilla.meta.web.FlotillaException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * Starts upgrades as a wave campaign of kind UPGRADE, one target per tenant cluster whose work its control plane's
 * host carries; each target gets its {@code cluster_upgrade} record (PENDING until its first step is dispatched).
 * Used for a single cluster's upgrade (a one-target campaign) and for fleet upgrades alike.
 */
@Component
class UpgradeLaunch {

    /** A cluster that passed preflight, with its plan. */
    record Checked(UpgradeRecords.CandidateRow row, UpgradePlan plan, PreflightResult.Report report) {
        WaveUnit unit() {
            return new WaveUnit(row.clusterId(), row.candidate().cluster(), row.region(), row.zone());
        }
    }

    /** What the campaign is: its subject (unique while active), target, creator and the request as given. */
    record Launch(String subject, String targetVersion, boolean force, boolean singleCluster, String tenant,
            Object spec, Object refused, String createdBy, String description) {
    }

    private final Campaigns campaigns;
    private final UpgradeRecords records;
    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    UpgradeLaunch(Campaigns campaigns, UpgradeRecords records, JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.campaigns = campaigns;
        this.records = records;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    long launch(Launch launch, WavePlan plan, CampaignSettings settings, List<Checked> checked) {
        Map<Long, String> previous = new HashMap<>();
        Map<Long, Long> carriers = new HashMap<>();
        checked.forEach(c -> {
            previous.put(c.row().clusterId(), c.plan().from().toString());
            carriers.put(c.row().clusterId(), c.row().hostId());
        });
        long id = campaigns.create(new NewCampaign(UpgradeWork.KIND, launch.subject(), launch.tenant(),
                launch.createdBy(), launch.description()), plan, settings, previous, carriers);
        jdbc.sql("""
                        INSERT INTO upgrade_campaign (id, target_version, forced, single_cluster, spec, refused)
                        VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb)""")
                .params(id, launch.targetVersion(), launch.force(), launch.singleCluster(),
                        json.writeValueAsString(launch.spec()), json.writeValueAsString(launch.refused()))
                .update();
        List<UpgradeRecords.NewUpgrade> upgrades = checked.stream().map(c -> new UpgradeRecords.NewUpgrade(
                c.row().clusterId(), c.plan(), json.writeValueAsString(c.report()),
                json.writeValueAsString(launch.singleCluster() ? c.plan().hops() : withoutManifests(c.plan()))))
                .toList();
        Set<Long> inserted = new HashSet<>(records.insertPending(id, upgrades, launch.force(), launch.createdBy(),
                clock.instant()));
        List<String> raced = checked.stream().filter(c -> !inserted.contains(c.row().clusterId()))
                .map(c -> c.row().candidate().cluster()).toList();
        if (!raced.isEmpty()) {
            // a concurrent request took these clusters between preflight and insert: nothing of this one is kept
            throw new FlotillaException(FlotillaException.Problem.PREFLIGHT_FAILED, "another upgrade of "
                    + raced + " started meanwhile").with("clusters", raced).with("reasons", List.of("upgrade-in-flight"));
        }
        return id;
    }

    /**
     * A fleet's plans are stored without their manifests (tens of kilobytes per cluster): each step's manifest is
     * generated when the step starts, from the control plane and the catalog release the step names.
     */
    private static List<UpgradePlan.Hop> withoutManifests(UpgradePlan plan) {
        return plan.hops().stream().map(h -> new UpgradePlan.Hop(h.from(), h.to(), h.kubernetesVersion(),
                h.steps().stream().map(s -> new UpgradePlan.Step(s.component(), s.kind(), s.namespace(), s.name(),
                        s.image(), null)).toList())).toList();
    }

    /** The upgrade record of a cluster in a campaign. */
    long upgradeOf(long campaignId, long clusterId) {
        return jdbc.sql("SELECT id FROM cluster_upgrade WHERE campaign_id = ? AND cluster_id = ?")
                .params(campaignId, clusterId).query(Long.class).single();
    }
}
