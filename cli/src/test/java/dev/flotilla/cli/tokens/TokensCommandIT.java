package dev.flotilla.cli.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.cli.ExitCode;
import dev.flotilla.cli.support.Cli;
import dev.flotilla.cli.support.Cli.Run;
import dev.flotilla.cli.support.TestFleet;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class TokensCommandIT {

    @TempDir
    Path dir;

    @Test
    void issuesListsAndRevokesApiTokens() {
        Cli cli = Cli.admin(dir);

        Run create = cli.run("tokens", "create", "tc-portal", "--role", "viewer", "--tenant", "tc", "-o", "json");
        String secret = create.json().path("token").asString();
        Run list = cli.run("tokens", "list");
        Run asViewer = Cli.admin(dir).env("FLOTILLA_TOKEN", secret).run("clusters", "list");
        Run revoke = cli.run("tokens", "revoke", "tc-portal");
        Run revoked = Cli.admin(dir).env("FLOTILLA_TOKEN", secret).run("clusters", "list");
        Run again = cli.run("tokens", "revoke", "tc-portal");

        assertThat(create.exit()).as(create.toString()).isZero();
        assertThat(secret).startsWith("flt_");
        assertThat(list.out().lines().filter(l -> l.startsWith("tc-portal"))).singleElement().asString()
                .contains("viewer", "tc").doesNotContain(secret);
        assertThat(asViewer.exit()).isZero();
        assertThat(revoke.out()).isEqualTo("token tc-portal revoked\n");
        assertThat(revoked.exit()).isEqualTo(ExitCode.UNAUTHORIZED);
        assertThat(again.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(again.err()).contains("404");
    }

    @Test
    void issuesARegistrationTokenThatAddsClustersAndShowsItsUses() {
        Cli cli = Cli.admin(dir);

        Run create = cli.run("registration-tokens", "create", "tc-edge", "--tenant", "tc", "--max-uses", "2",
                "--ttl", "2h", "--region", "eu-west", "--label", "fleet=edge", "-o", "json");
        JsonNode issued = create.json();
        TestFleet.register(issued.path("token").asString(), Map.of("clusterName", "tc-edge-1"));
        Run table = cli.run("rtokens", "list");
        Run get = cli.run("registration-tokens", "get", issued.path("id").asString(), "-o", "yaml");
        Run revoke = cli.run("registration-tokens", "revoke", issued.path("id").asString());
        Run after = cli.run("registration-tokens", "get", issued.path("id").asString());
        Run duplicate = cli.run("registration-tokens", "create", "tc-edge", "--tenant", "tc");
        Run badTtl = cli.run("registration-tokens", "create", "tc-bad", "--tenant", "tc", "--ttl", "soon");

        assertThat(create.exit()).as(create.toString()).isZero();
        assertThat(issued.path("token").asString()).startsWith("flr_");
        assertThat(issued.path("state").asString()).isEqualTo("ACTIVE");
        assertThat(table.out().lines().filter(l -> l.contains("tc-edge"))).singleElement().asString()
                .contains("ACTIVE", "1/2", "tc-edge-1", "fleet=edge");
        assertThat(get.yaml().path("uses").asInt()).isEqualTo(1);
        assertThat(get.yaml().path("lastCluster").asString()).isEqualTo("tc-edge-1");
        assertThat(revoke.out()).isEqualTo("registration token " + issued.path("id").asString() + " revoked\n");
        assertThat(after.out()).contains("REVOKED");
        assertThat(duplicate.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(duplicate.err()).isEqualTo("error: 409 Conflict: a registration token named 'tc-edge' already "
                + "exists (registrationToken: tc-edge)\n");
        assertThat(badTtl.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(badTtl.err()).contains("field 'ttl'").contains("(field: ttl)");
    }
}
