package dev.flotilla.cli.upgrades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.cli.ExitCode;
import dev.flotilla.cli.support.Cli;
import dev.flotilla.cli.support.Cli.Run;
import dev.flotilla.cli.support.MetaControllerServer;
import dev.flotilla.cli.support.TestFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upgrade campaigns through the CLI: a tenant at 1.30 whose control plane a host runs, taken to 1.31. */
class UpgradesCommandIT {

    @TempDir
    Path dir;

    @Test
    void plansStartsAndWatchesAnUpgradeCampaignToSuccess() throws Exception {
        String host = TestFleet.readyCluster("uc-host", "uc", Map.of("role", "host"));
        TestFleet.readyCluster("uc-t1", "uc", Map.of("ugroup", "uc"));
        TestFleet.call("PUT", "/api/v1/clusters/uc-t1/control-plane", MetaControllerServer.ADMIN_TOKEN,
                Map.of("hostCluster", "uc-host", "namespace", "cp-uc-t1", "version", "1.30"));
        Path waves = Files.writeString(dir.resolve("waves.yaml"), "waves: [\"100%\"]\nmaxConcurrency: 1\n");
        Cli cli = Cli.admin(dir);

        Run plan = cli.run("upgrades", "plan", "--to", "1.31", "-l", "ugroup=uc", "-f", waves.toString());
        Run planJson = cli.run("upgrades", "plan", "--to", "1.31", "--cluster", "uc-t1", "-o", "json");
        Run start = cli.run("upgrades", "start", "--to", "1.31", "-l", "ugroup=uc");
        long id = Long.parseLong(start.out().split(" ")[2]);
        CompletableFuture<Run> watch = CompletableFuture.supplyAsync(() -> cli.run("upgrades", "watch",
                String.valueOf(id)));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            TestFleet.finishWork(host);
            return watch.isDone();
        });
        Run list = cli.run("upgrades", "list");

        assertThat(plan.exit()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("uc-t1").contains("dry run: 1 targets");
        assertThat(planJson.json().path("targetVersion").asString()).isEqualTo("1.31");
        assertThat(planJson.json().path("clusters").get(0).path("cluster").asString()).isEqualTo("uc-t1");
        assertThat(start.exit()).as(start.toString()).isZero();
        assertThat(start.out()).startsWith("upgrade campaign " + id + " to 1.31 started (state ")
                .contains("1 targets, 0 refused");
        Run watched = watch.join();
        assertThat(watched.exit()).as(watched.toString()).isZero();
        assertThat(watched.out()).contains("TARGET_SUCCEEDED uc-t1").endsWith("upgrade " + id + " SUCCEEDED: all 2 "
                + "waves complete\n");
        assertThat(list.out().lines().filter(l -> l.startsWith(id + " "))).singleElement().asString()
                .contains("1.31", "SUCCEEDED");
    }

    @Test
    void aCampaignWhoseEveryClusterIsRefusedIsA409NamingThemAndNamingNoClustersAUsageError() {
        TestFleet.readyCluster("uc-bare", "uc", Map.of("ugroup", "uc-bare"));
        Cli cli = Cli.admin(dir);

        Run refused = cli.run("upgrades", "plan", "--to", "1.31", "-l", "ugroup=uc-bare");
        Run noClusters = cli.run("upgrades", "plan", "--to", "1.31");

        assertThat(refused.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(refused.err()).startsWith("error: 409 Preflight check failed: ").contains("uc-bare");
        assertThat(noClusters.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(noClusters.err()).contains("--to").contains("-l");
    }
}
