package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.meta.support.MigrationDatabase;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Migration V8 moves the rollout and control-plane work lists into the gateway's {@code work_item}: an installation
 * upgraded with work in flight keeps every item, its work id and its generation, so its agents notice nothing.
 */
class WorkItemMigrationIT {

    private static final String MANIFEST = """
            {"apiVersion": "apps.kruise.io/v1alpha1", "kind": "CloneSet", "metadata": {"name": "shop-web"},
             "spec": {"replicas": 3}}""";

    @Test
    void itemsInFlightMoveToTheGatewayWithTheirIdsGenerationsAndLastReports() {
        DataSource db = MigrationDatabase.at("7");
        JdbcClient jdbc = JdbcClient.create(db);
        long cluster = cluster(jdbc, "edge-1");
        long host = cluster(jdbc, "host-1");
        long tenant = cluster(jdbc, "tenant-1");
        long rollout = campaign(jdbc, "ROLLOUT", "shop");
        long app = jdbc.sql("INSERT INTO application (name, tenant, namespace, kind) VALUES ('shop', 'acme', "
                + "'shop-ns', 'CloneSet') RETURNING id").query(Long.class).single();
        jdbc.sql("INSERT INTO application_revision (application_id, revision, manifest) VALUES (?, 2, ?::jsonb)")
                .params(app, MANIFEST).update();
        jdbc.sql("INSERT INTO rollout (id, application_id, revision, cluster_strategy, spec, created_by) VALUES "
                        + "(?, ?, 2, '{\"batches\": [{\"partition\": \"1\"}]}', '{}', 'portal')")
                .params(rollout, app).update();
        jdbc.sql("""
                        INSERT INTO rollout_work (cluster_id, application_id, work_id, rollout_id, revision, paused,
                            generation, reported_generation, reported_seq, phase)
                        VALUES (?, ?, ?, ?, 2, true, 3, 3, 7, 'BATCH_IN_PROGRESS')""")
                .params(cluster, app, "rollout-" + rollout + "-shop", rollout).update();
        long upgradeCampaign = campaign(jdbc, "UPGRADE", "cluster:tenant-1");
        jdbc.sql("INSERT INTO upgrade_campaign (id, target_version, tenant, spec, created_by) VALUES "
                + "(?, '1.31', 'acme', '{}', 'sre')").param(upgradeCampaign).update();
        long upgrade = jdbc.sql("""
                        INSERT INTO cluster_upgrade (cluster_id, from_version, to_version, state, hops, preflight,
                            campaign_id, steps, step_running, paused)
                        VALUES (?, '1.30', '1.31', 'RUNNING', '[]', '{}', ?, 4, true, false) RETURNING id""")
                .params(tenant, upgradeCampaign).query(Long.class).single();
        jdbc.sql("""
                        INSERT INTO control_plane_work (cluster_id, component, host_cluster_id, upgrade_id, step,
                            work_id, version, namespace, kind, manifest, generation)
                        VALUES (?, 'etcd', ?, ?, 0, ?, '1.31', 'cp-tenant-1', 'StatefulSet', ?::jsonb, 5)""")
                .params(tenant, host, upgrade, "upgrade-" + upgrade + "-etcd",
                        "{\"kind\": \"StatefulSet\", \"metadata\": {\"name\": \"etcd\"}}").update();

        MigrationDatabase.migrate(db);

        WorkItemStore store = new WorkItemStore(jdbc, JsonMapper.builder().build());
        WorkItem shop = store.listFor(cluster).get(0);
        assertThat(shop.workId()).isEqualTo("rollout-" + rollout + "-shop");
        assertThat(shop.generation()).isEqualTo(3);
        assertThat(shop.paused()).isTrue();
        assertThat(shop.kind()).isEqualTo(WorkloadKind.CloneSet);
        assertThat(shop.namespace()).isEqualTo("shop-ns");
        assertThat(shop.name()).isEqualTo("shop-web");
        assertThat(shop.revision()).isEqualTo(2);
        assertThat(shop.strategy().batches()).hasSize(1);
        assertThat(shop.manifest()).containsEntry("kind", "CloneSet").containsKey("spec");
        assertThat(jdbc.sql("SELECT reported_generation, reported_seq FROM work_item WHERE carrier_id = ?")
                .param(cluster).query((rs, i) -> List.of(rs.getLong(1), rs.getLong(2))).single())
                .as("a report already counted stays counted").containsExactly(3L, 7L);

        WorkItem etcd = store.listFor(host).get(0);
        assertThat(etcd.workId()).isEqualTo("upgrade-" + upgrade + "-etcd");
        assertThat(etcd.generation()).isEqualTo(5);
        assertThat(etcd.application()).isEqualTo("tenant-1-etcd");
        assertThat(etcd.revision()).isEqualTo(31);
        assertThat(etcd.strategy().progressDeadlineSeconds()).isEqualTo(1800);
        assertThat(jdbc.sql("SELECT kind, campaign_id, cluster_id, payload::text FROM work_item WHERE carrier_id = ?")
                .param(host).query((rs, i) -> List.of(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4)))
                .single()).containsExactly("UPGRADE", upgradeCampaign, tenant,
                "{\"step\": 0, \"upgradeId\": " + upgrade + "}");

        assertThat(jdbc.sql("SELECT tenant, created_by FROM wave_campaign ORDER BY id")
                .query((rs, i) -> rs.getString(1) + "/" + rs.getString(2)).list())
                .containsExactly("acme/portal", "acme/sre");
        assertThat(jdbc.sql("SELECT count(*) FROM information_schema.tables WHERE table_name IN "
                + "('rollout_work', 'control_plane_work')").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM work_manifest").query(Long.class).single())
                .as("one manifest per distinct content").isEqualTo(2L);
    }

    private static long cluster(JdbcClient jdbc, String name) {
        return jdbc.sql("INSERT INTO cluster (name, tenant, region, zone, state) VALUES (?, 'acme', 'eu', 'eu-1a', "
                + "'READY') RETURNING id").param(name).query(Long.class).single();
    }

    private static long campaign(JdbcClient jdbc, String kind, String subject) {
        return jdbc.sql("""
                        INSERT INTO wave_campaign (kind, subject, state, waves, target_count, max_failures, on_failure,
                            unreachable, created_at, updated_at)
                        VALUES (?, ?, 'RUNNING', '[]', 1, 0, 'PAUSE', 'WAIT', now(), now()) RETURNING id""")
                .params(kind, subject).query(Long.class).single();
    }
}
