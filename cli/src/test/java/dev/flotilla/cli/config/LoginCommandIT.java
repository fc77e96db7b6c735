package dev.flotilla.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.cli.ExitCode;
import dev.flotilla.cli.support.Cli;
import dev.flotilla.cli.support.Cli.Run;
import dev.flotilla.cli.support.MetaControllerServer;
import dev.flotilla.cli.support.TestFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginCommandIT {

    @TempDir
    Path dir;

    String url() {
        return MetaControllerServer.get().url();
    }

    @Test
    void loginChecksTheTokenAndSavesANamedContextThatLaterCommandsUse() throws Exception {
        Cli cli = new Cli(dir);

        Run login = cli.stdin(MetaControllerServer.ADMIN_TOKEN + "\n").run("login", "--url", url() + "/",
                "--name", "local");
        Run clusters = cli.run("clusters", "list", "-o", "json");

        assertThat(login.exit()).as(login.toString()).isZero();
        assertThat(login.out()).startsWith("Logged in to " + url() + " as token 'admin' (role admin, every tenant)")
                .contains("context 'local'");
        CliConfig saved = CliConfig.load(cli.config());
        assertThat(saved.currentContext()).isEqualTo("local");
        assertThat(saved.context("local")).get().isEqualTo(new CliConfig.Context("local", url(),
                MetaControllerServer.ADMIN_TOKEN));
        assertThat(Files.readString(cli.config())).contains("current-context: local");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cli.config()))).isEqualTo("rw-------");
        assertThat(clusters.exit()).as(clusters.toString()).isZero();
        assertThat(clusters.json().isArray()).isTrue();
    }

    @Test
    void aRefusedTokenIsNotSaved() {
        Cli cli = new Cli(dir);

        Run login = cli.run("login", "--url", url(), "--token", "flt_wrong");

        assertThat(login.exit()).isEqualTo(ExitCode.UNAUTHORIZED);
        assertThat(login.err()).contains("401 Unauthorized");
        assertThat(cli.config()).doesNotExist();
    }

    @Test
    void contextsAreListedWithoutTokensAndSwitched() {
        Cli cli = new Cli(dir);
        String viewer = TestFleet.call("POST", "/api/v1/tokens", MetaControllerServer.ADMIN_TOKEN,
                Map.of("name", "lc-viewer", "role", "viewer")).path("token").asString();
        cli.run("login", "--url", url(), "--token", MetaControllerServer.ADMIN_TOKEN, "--name", "ops");
        cli.run("login", "--url", url(), "--token", viewer, "--name", "readonly");

        Run list = cli.run("contexts", "list");
        Run asViewer = cli.run("clusters", "cordon", "anything");
        Run use = cli.run("contexts", "use", "ops");
        Run explicit = cli.run("tokens", "list", "--context", "readonly");
        Run unknown = cli.run("contexts", "use", "nope");

        assertThat(list.out()).contains("ops", "readonly", url()).doesNotContain(viewer)
                .doesNotContain(MetaControllerServer.ADMIN_TOKEN);
        assertThat(list.out().lines().filter(l -> l.startsWith("*"))).singleElement().asString().contains("readonly");
        assertThat(asViewer.exit()).as("the current context is the viewer's").isEqualTo(ExitCode.UNAUTHORIZED);
        assertThat(use.out()).isEqualTo("Switched to context 'ops'\n");
        assertThat(explicit.exit()).as("--context picks the viewer again").isEqualTo(ExitCode.UNAUTHORIZED);
        assertThat(unknown.exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void flotillaUrlAndTokenOverrideTheContextAndFlagsOverrideThem() {
        Cli cli = new Cli(dir);
        cli.run("login", "--url", url(), "--token", MetaControllerServer.ADMIN_TOKEN, "--name", "ops");

        Run envToken = cli.env("FLOTILLA_TOKEN", "flt_wrong").run("clusters", "list");
        Run flagToken = cli.run("clusters", "list", "--token", MetaControllerServer.ADMIN_TOKEN);
        Run envUrl = cli.env("FLOTILLA_TOKEN", null).env("FLOTILLA_URL", "http://127.0.0.1:9").run("clusters", "list");

        assertThat(envToken.exit()).as("FLOTILLA_TOKEN wins over the context").isEqualTo(ExitCode.UNAUTHORIZED);
        assertThat(flagToken.exit()).as("--token wins over FLOTILLA_TOKEN").isZero();
        assertThat(envUrl.exit()).as("FLOTILLA_URL wins over the context").isEqualTo(ExitCode.UNAVAILABLE);
    }

    @Test
    void withoutAnyUrlOrTokenTheCommandSaysHowToGiveThem() {
        Run noUrl = new Cli(dir).run("clusters", "list");
        Run noToken = new Cli(dir).env("FLOTILLA_URL", url()).run("clusters", "list");

        assertThat(noUrl.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(noUrl.err()).contains("flotilla login --url URL").contains("FLOTILLA_URL");
        assertThat(noToken.exit()).isEqualTo(ExitCode.UNAUTHORIZED);
        assertThat(noToken.err()).contains("FLOTILLA_TOKEN");
    }
}
