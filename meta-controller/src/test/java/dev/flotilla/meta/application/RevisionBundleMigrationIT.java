package dev.flotilla.meta.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.MigrationDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Migration V11 makes every stored revision a bundle: the one manifest of a revision made before becomes the bundle of
 * that manifest with no overrides, and an application's kind becomes optional.
 */
class RevisionBundleMigrationIT {

    private static final String MANIFEST = """
            {"apiVersion": "apps.kruise.io/v1alpha1", "kind": "CloneSet", "metadata": {"name": "shop-web"},
             "spec": {"replicas": 3}}""";

    @Test
    void aStoredManifestBecomesTheBundleOfThatManifestWithNoOverrides() {
        DataSource db = MigrationDatabase.at("10");
        JdbcClient jdbc = JdbcClient.create(db);
        long app = jdbc.sql("INSERT INTO application (name, tenant, namespace, kind) VALUES ('shop', 'acme', "
                + "'shop-ns', 'CloneSet') RETURNING id").query(Long.class).single();
        jdbc.sql("INSERT INTO application_revision (application_id, revision, manifest) VALUES (?, 1, ?::jsonb)")
                .params(app, MANIFEST).update();

        MigrationDatabase.migrate(db);

        assertThat(jdbc.sql("SELECT resources = jsonb_build_array(manifest) AND overrides = '[]'::jsonb "
                + "FROM application_revision WHERE application_id = ?").param(app).query(Boolean.class).single())
                .isTrue();
        jdbc.sql("INSERT INTO application (name, tenant, namespace) VALUES ('addon', 'acme', 'addon-ns')").update();
        jdbc.sql("INSERT INTO application_revision (application_id, revision, resources) "
                + "SELECT id, 1, '[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}]' "
                + "FROM application WHERE name = 'addon'").update();
        assertThat(jdbc.sql("SELECT kind IS NULL FROM application WHERE name = 'addon'").query(Boolean.class).single())
                .as("an application without a kind, a revision without a workload").isTrue();
    }
}
