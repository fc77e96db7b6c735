package dev.flotilla.cli.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.cli.ExitCode;
import dev.flotilla.cli.support.Cli;
import dev.flotilla.cli.support.Cli.Run;
import dev.flotilla.cli.support.TestFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An application from create to a watched rollout, through the CLI only (the agents' reports aside). */
class RolloutsCommandIT {

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();
    private static final tools.jackson.dataformat.yaml.YAMLMapper YAML = tools.jackson.dataformat.yaml.YAMLMapper.builder().build();

    static final String MANIFEST = """
            apiVersion: apps.kruise.io/v1alpha1
            kind: CloneSet
            metadata:
              name: %s
            spec:
              replicas: 2
              selector:
                matchLabels: {app: %s}
              template:
                metadata:
                  labels: {app: %s}
                spec:
                  containers:
                    - name: web
                      image: %s
            """;

    @TempDir
    Path dir;

    Path manifest(String app, String image) throws Exception {
        return Files.writeString(dir.resolve(app + "-" + image.replace(':', '-') + ".yaml"),
                MANIFEST.formatted(app, app, app, image));
    }

    Path rollout(String app, int revision, String extra) throws Exception {
        return Files.writeString(dir.resolve("rollout-" + app + "-" + revision + ".yaml"), """
                application: %s
                revision: %d
                clusters: {selector: "app-group=%s"}
                waves: ["50%%", "100%%"]
                %s""".formatted(app, revision, app, extra));
    }

    @Test
    void createsAnAppPushesRevisionsAndListsThemAsTableAndJson() throws Exception {
        Cli cli = Cli.admin(dir);

        Run create = cli.run("apps", "create", "rc-web", "--tenant", "rc", "--namespace", "rc", "--kind", "CloneSet");
        Run push1 = cli.run("apps", "push", "rc-web", "-f", manifest("rc-web", "web:1").toString());
        Run push2 = cli.stdin(MANIFEST.formatted("rc-web", "rc-web", "rc-web", "web:2")).run("apps", "push", "rc-web",
                "-f", "-");
        Run table = cli.run("apps", "revisions", "rc-web");
        Run json = cli.run("apps", "revisions", "rc-web", "-o", "json");
        Run apps = cli.run("apps", "list");

        assertThat(create.exit()).as(create.toString()).isZero();
        assertThat(create.out()).contains("rc-web", "CloneSet");
        assertThat(push1.out()).isEqualTo("application rc-web revision 1 created\n");
        assertThat(push2.out()).isEqualTo("application rc-web revision 2 created\n");
        assertThat(table.out().lines().toList()).hasSize(3);
        assertThat(table.out().lines().skip(1).map(l -> l.split("\\s+")[0])).containsExactly("1", "2");
        assertThat(table.out()).contains("web:1", "web:2");
        assertThat(json.json().get(1).at("/manifest/spec/template/spec/containers/0/image").asString())
                .isEqualTo("web:2");
        assertThat(apps.out()).contains("rc-web");
    }

    @Test
    void pushesABundleWithOverridesToAnApplicationWithoutAKind() throws Exception {
        Cli cli = Cli.admin(dir);
        Path bundle = Files.writeString(dir.resolve("bundle.yaml"), """
                application: rc-bundle
                resources:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: web-config}, data: {host: "${cluster.name}"}}
                  - %s
                overrides:
                  - clusters: {selector: "tier=gold"}
                    patches:
                      - target: {kind: CloneSet, name: rc-bundle}
                        mergePatch: {spec: {replicas: 5}}
                """.formatted(JSON.writeValueAsString(YAML.readValue(MANIFEST.formatted("rc-bundle", "rc-bundle",
                "rc-bundle", "web:1"), Object.class))));

        Run create = cli.run("apps", "create", "rc-bundle", "--tenant", "rc-bundle", "--namespace", "rc");
        Run push = cli.run("apps", "push", "-f", bundle.toString());
        Run json = cli.run("apps", "revisions", "rc-bundle", "-o", "json");

        assertThat(create.exit()).as(create.toString()).isZero();
        assertThat(push.out()).as(push.toString()).isEqualTo("application rc-bundle revision 1 created\n");
        assertThat(json.json().get(0).path("resources")).hasSize(2);
        assertThat(json.json().get(0).at("/overrides/0/clusters/selector").asString()).isEqualTo("tier=gold");
        assertThat(json.json().get(0).at("/manifest/kind").asString()).isEqualTo("CloneSet");
    }

    @Test
    void aBadManifestIsTheApisProblemAndAnUnreadableFileAUsageError() throws Exception {
        Cli cli = Cli.admin(dir);
        cli.run("apps", "create", "rc-bad", "--tenant", "rc", "--namespace", "rc", "--kind", "CloneSet");

        Run wrongKind = cli.stdin("{apiVersion: apps.kruise.io/v1alpha1, kind: SidecarSet, metadata: {name: x}}")
                .run("apps", "push", "rc-bad", "-f", "-");
        Run missing = cli.run("apps", "push", "rc-bad", "-f", dir.resolve("nope.yaml").toString());
        Run broken = cli.stdin("a: [").run("apps", "push", "rc-bad", "-f", "-");

        assertThat(wrongKind.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(wrongKind.err()).startsWith("error: 400 Bad input: ");
        assertThat(missing.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("cannot read").contains("nope.yaml");
        assertThat(broken.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(broken.err()).contains("not valid YAML or JSON");
    }

    @Test
    void plansStartsControlsAndWatchesARolloutToSuccess() throws Exception {
        Cli cli = Cli.admin(dir);
        List<String> agents = Stream.of("rc-a", "rc-b", "rc-c", "rc-d").map(name ->
                TestFleet.readyCluster(name, "rc", Map.of("app-group", "rc-shop"))).toList();
        cli.run("apps", "create", "rc-shop", "--tenant", "rc", "--namespace", "rc", "--kind", "CloneSet");
        cli.run("apps", "push", "rc-shop", "-f", manifest("rc-shop", "shop:1").toString());
        Path request = rollout("rc-shop", 1, "approvalBeforeWaves: [2]");

        Run plan = cli.run("rollouts", "create", "-f", request.toString(), "--dry-run");
        Run started = cli.run("rollouts", "create", "-f", request.toString(), "-o", "json");
        long id = started.json().path("id").asLong();
        Run paused = cli.run("rollouts", "pause", String.valueOf(id));
        Run approveWhilePaused = cli.run("rollouts", "approve", String.valueOf(id));
        Run resumed = cli.run("rollouts", "resume", String.valueOf(id));
        CompletableFuture<Run> watch = CompletableFuture.supplyAsync(() -> cli.run("rollouts", "watch",
                String.valueOf(id)));
        finishUntilApprovalIsAsked(cli, id, agents);
        Run approved = cli.run("rollouts", "approve", String.valueOf(id));
        agents.forEach(TestFleet::finishWork);
        Run watched = watch.join();
        Run get = cli.run("rollouts", "get", String.valueOf(id));
        Run list = cli.run("rollouts", "list", "--application", "rc-shop", "-o", "yaml");

        assertThat(plan.exit()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("WAVE", "canary", "dry run: 4 targets in 3 waves").contains("nothing was started");
        assertThat(started.exit()).as(started.toString()).isZero();
        assertThat(paused.out()).isEqualTo("rollout " + id + " paused (state PAUSED)\n");
        assertThat(approveWhilePaused.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(approveWhilePaused.err()).contains("409").contains("from: PAUSED");
        assertThat(resumed.out()).isEqualTo("rollout " + id + " resumed (state RUNNING)\n");
        assertThat(approved.out()).contains("approved");
        assertThat(watched.exit()).as(watched.toString()).isZero();
        assertThat(watched.out()).contains("TARGET_SUCCEEDED rc-a").contains("[SUCCEEDED wave 2/2] "
                + "[##############################] 4/4 settled: SUCCEEDED 4").endsWith("rollout " + id + " SUCCEEDED: all 3 waves complete\n");
        assertThat(get.out()).contains("SUCCEEDED", "COUNTS", "SUCCEEDED=2");
        assertThat(list.yaml().get(0).path("state").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void watchingARolloutThatRolledBackExits5() throws Exception {
        Cli cli = Cli.admin(dir);
        TestFleet.readyCluster("rc-rb", "rc", Map.of("app-group", "rc-rb"));
        cli.run("apps", "create", "rc-rb", "--tenant", "rc", "--namespace", "rc", "--kind", "CloneSet");
        cli.run("apps", "push", "rc-rb", "-f", manifest("rc-rb", "rb:1").toString());
        // held before its first wave, so no cluster is touched (no agent here would report an uninstall) and the
        // rollback has nothing to return
        long id = cli.run("rollouts", "create", "-f", rollout("rc-rb", 1, "approvalBeforeWaves: [0]").toString(),
                "-o", "json").json().path("id").asLong();

        Run rollback = cli.run("rollouts", "rollback", String.valueOf(id));
        Run watched = cli.run("rollouts", "watch", String.valueOf(id));

        assertThat(rollback.out()).startsWith("rollout " + id + " rolling back");
        assertThat(watched.exit()).as(watched.toString()).isEqualTo(ExitCode.NOT_SUCCEEDED);
        assertThat(watched.out()).contains("ROLLING_BACK: rollback requested by admin")
                .endsWith("rollout " + id + " ROLLED_BACK: every touched target rolled back\n");
    }

    private static void finishUntilApprovalIsAsked(Cli cli, long id, List<String> agents) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            agents.forEach(TestFleet::finishWork);
            return "WAITING_APPROVAL".equals(cli.run("rollouts", "get", String.valueOf(id), "-o", "json").json()
                    .path("state").asString());
        });
    }
}
