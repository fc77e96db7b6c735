package dev.flotilla.cli.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.cli.ExitCode;
import dev.flotilla.cli.support.Cli;
import dev.flotilla.cli.support.Cli.Run;
import dev.flotilla.cli.support.TestFleet;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ClustersCommandIT {

    @TempDir
    Path dir;

    @BeforeAll
    static void fleet() {
        TestFleet.readyCluster("cc-prod-1", "cc-shop", Map.of("env", "prod", "tier", "gold"));
        TestFleet.readyCluster("cc-prod-2", "cc-shop", Map.of("env", "prod", "tier", "silver"));
        TestFleet.readyCluster("cc-dev-1", "cc-shop", Map.of("env", "dev"));
    }

    @Test
    void listsClustersOfASelectorAsATable() {
        Run run = Cli.admin(dir).run("clusters", "list", "-l", "env=prod,tier in (gold,silver)", "--tenant", "cc-shop");

        assertThat(run.exit()).as(run.toString()).isZero();
        String[] lines = run.out().split("\n");
        assertThat(lines[0]).startsWith("NAME").contains("TENANT", "REGION", "ZONE", "STATE", "KUBERNETES", "LABELS");
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).startsWith("cc-prod-1").contains("cc-shop", "READY", "v1.30.4", "env=prod,tier=gold");
        assertThat(lines[2]).startsWith("cc-prod-2");
        assertThat(lines[1].indexOf("READY")).as("columns aligned").isEqualTo(lines[0].indexOf("STATE"));
    }

    @Test
    void listsClustersAsJsonAndYamlWithTheApisFields() {
        Run json = Cli.admin(dir).run("clusters", "list", "--tenant", "cc-shop", "-o", "json");
        Run yaml = Cli.admin(dir).run("clusters", "list", "--tenant", "cc-shop", "-l", "env=dev", "-o", "yaml");

        assertThat(json.exit()).as(json.toString()).isZero();
        assertThat(json.json()).hasSize(3);
        assertThat(json.json().get(0).path("name").asString()).isEqualTo("cc-dev-1");
        assertThat(json.json().get(0).path("labels").path("env").asString()).isEqualTo("dev");
        assertThat(yaml.exit()).isZero();
        assertThat(yaml.yaml()).hasSize(1);
        assertThat(yaml.yaml().get(0).path("state").asString()).isEqualTo("READY");
    }

    @Test
    void getsOneClusterAsATableOrJson() {
        Run table = Cli.admin(dir).run("clusters", "get", "cc-prod-1");
        Run json = Cli.admin(dir).run("cluster", "get", "cc-prod-1", "--output=json");

        assertThat(table.exit()).isZero();
        assertThat(table.out().split("\n")[1]).startsWith("cc-prod-1");
        JsonNode cluster = json.json();
        assertThat(cluster.path("name").asString()).isEqualTo("cc-prod-1");
        assertThat(cluster.path("nodes").asInt()).isEqualTo(3);
    }

    @Test
    void cordonsUncordonsAndDeletesACluster() {
        TestFleet.readyCluster("cc-gone", "cc-other", Map.of());
        Cli cli = Cli.admin(dir);

        Run cordon = cli.run("clusters", "cordon", "cc-gone");
        Run cordoned = cli.run("clusters", "get", "cc-gone", "-o", "json");
        Run uncordon = cli.run("clusters", "uncordon", "cc-gone");
        Run delete = cli.run("clusters", "delete", "cc-gone");
        Run missing = cli.run("clusters", "get", "cc-gone");

        assertThat(cordon.out()).isEqualTo("cluster cc-gone cordoned (state CORDONED)\n");
        assertThat(cordoned.json().path("state").asString()).isEqualTo("CORDONED");
        assertThat(uncordon.out()).isEqualTo("cluster cc-gone uncordoned (state READY)\n");
        assertThat(delete.exit()).isZero();
        assertThat(delete.out()).isEqualTo("cluster cc-gone deleted\n");
        assertThat(missing.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).startsWith("error: 404 Not found: ").contains("cc-gone");
    }

    @Test
    void aMalformedSelectorIsTheApisProblemPrintedWithExitCode1() {
        Run run = Cli.admin(dir).run("clusters", "list", "-l", "env=");

        assertThat(run.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.err()).startsWith("error: 400 Bad input: ").contains("selector");
    }

    @Test
    void anUnknownTokenExits3AndAnUnreachableServer4() {
        Run unknown = Cli.admin(dir).env("FLOTILLA_TOKEN", "flt_nobody").run("clusters", "list");
        Run unreachable = Cli.admin(dir).env("FLOTILLA_URL", "http://127.0.0.1:9").run("clusters", "list");
        Run viewerCordons = Cli.admin(dir).run("clusters", "cordon", "cc-prod-1", "--token", viewer());

        assertThat(unknown.exit()).isEqualTo(ExitCode.UNAUTHORIZED);
        assertThat(unknown.err()).isEqualTo("error: 401 Unauthorized: a valid bearer token is required\n");
        assertThat(unreachable.exit()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(unreachable.err()).startsWith("error: cannot reach the meta-controller at http://127.0.0.1:9");
        assertThat(viewerCordons.exit()).isEqualTo(ExitCode.UNAUTHORIZED);
        assertThat(viewerCordons.err()).contains("403 Forbidden");
    }

    @Test
    void aMissingArgumentIsAUsageErrorWithExitCode2() {
        Run run = Cli.admin(dir).run("clusters", "get");

        assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("Missing required parameter: 'NAME'");
    }

    private String viewer() {
        return TestFleet.call("POST", "/api/v1/tokens", dev.flotilla.cli.support.MetaControllerServer.ADMIN_TOKEN,
                Map.of("name", "cc-viewer-" + System.nanoTime() % 100000, "role", "viewer")).path("token").asString();
    }
}
