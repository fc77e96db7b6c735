package dev.flotilla.cli.join;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.cli.ExitCode;
import dev.flotilla.cli.support.Cli;
import dev.flotilla.cli.support.Cli.Run;
import dev.flotilla.cli.support.MetaControllerServer;
import dev.flotilla.cli.support.TestFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class JoinCommandIT {

    @TempDir
    Path dir;

    /** A stand-in for helm or kubectl: records its arguments and standard input, exits with {@code exit}. */
    Path tool(String name, int exit) throws Exception {
        Path script = dir.resolve(name);
        Files.writeString(script, """
                #!/bin/sh
                printf '%%s\\n' "$@" > "%1$s.args"
                cat > "%1$s.stdin"
                echo "%2$s ran"
                exit %3$d
                """.formatted(script, name, exit));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void printsTheHelmInstallWithARegistrationTokenItIssuedAndTheTokenAddsTheCluster() {
        Run join = Cli.admin(dir).run("join", "jc-edge-1", "--create-token", "--tenant", "jc", "--region", "eu-west",
                "--label", "env=prod", "--label", "team.example.com/owner=payments");

        assertThat(join.exit()).as(join.toString()).isZero();
        assertThat(join.err()).startsWith("registration token 'join-jc-edge-1' (id ").contains("1 use(s) until");
        assertThat(join.out()).startsWith("helm upgrade --install flotilla-agent deploy/helm/flotilla-agent \\\n")
                .contains("--set metaController.url=" + MetaControllerServer.get().url() + " \\\n")
                .contains("--set registration.clusterName=jc-edge-1 \\\n")
                .contains("--set cluster.labels.env=prod")
                .contains("--set 'cluster.labels.team\\.example\\.com/owner=payments'");
        Matcher token = Pattern.compile("--set registration\\.token=(flr_[A-Za-z0-9_-]+)").matcher(join.out());
        assertThat(token.find()).isTrue();

        TestFleet.register(token.group(1), Map.of("clusterName", "jc-edge-1", "clusterLabels", Map.of("env", "prod")));
        JsonNode cluster = TestFleet.call("GET", "/api/v1/clusters/jc-edge-1", MetaControllerServer.ADMIN_TOKEN, null);
        assertThat(cluster.path("tenant").asString()).isEqualTo("jc");
        assertThat(cluster.path("labels").path("team.example.com/owner").asString()).isEqualTo("payments");
    }

    @Test
    void appliesTheManifestsThroughKubectlWithTheUsersKubeconfig() throws Exception {
        Path kubectl = tool("kubectl", 0);

        Run join = Cli.admin(dir).run("join", "jc-edge-2", "--registration-token", "flr_given", "--hub-url",
                "https://hub.example.internal", "--format", "manifests", "--label", "env=dev", "--apply",
                "--kubectl", kubectl.toString(), "--kubeconfig", "/home/me/.kube/edge", "--kube-context", "edge-2");

        assertThat(join.exit()).as(join.toString()).isZero();
        assertThat(join.out()).isEqualTo("kubectl ran\n");
        assertThat(Files.readAllLines(Path.of(kubectl + ".args"))).containsExactly("apply", "-f", "-",
                "--kubeconfig=/home/me/.kube/edge", "--context=edge-2");
        List<JsonNode> documents = documents(Files.readString(Path.of(kubectl + ".stdin")));
        assertThat(documents).extracting(d -> d.path("kind").asString()).containsExactly("Namespace",
                "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Secret", "Deployment");
        assertThat(documents.get(6).at("/stringData/token").asString()).isEqualTo("flr_given");
        JsonNode container = documents.get(7).at("/spec/template/spec/containers/0");
        assertThat(container.path("args").toString()).contains("--flotilla.agent.url=https://hub.example.internal",
                "--flotilla.agent.cluster-name=jc-edge-2", "--flotilla.agent.cluster-labels[env]=dev");
        assertThat(container.at("/env/0/name").asString()).isEqualTo("FLOTILLA_AGENT_REGISTRATIONTOKEN");
        assertThat(container.at("/env/0/valueFrom/secretKeyRef/name").asString())
                .isEqualTo("flotilla-agent-registration");
    }

    @Test
    void runsHelmWithTheChartValuesAndAFailedHelmExits5() throws Exception {
        Path helm = tool("helm", 0);
        Path failing = tool("failing-helm", 1);
        String[] join = {"join", "jc-edge-3", "--registration-token", "flr_given", "--hub-url", "https://hub", "--apply",
                "--kube-context", "edge-3"};

        Run ok = Cli.admin(dir).run(concat(join, "--helm", helm.toString()));
        Run failed = Cli.admin(dir).run(concat(join, "--helm", failing.toString()));

        assertThat(ok.exit()).as(ok.toString()).isZero();
        assertThat(Files.readAllLines(Path.of(helm + ".args"))).containsExactly("upgrade", "--install",
                "flotilla-agent", "deploy/helm/flotilla-agent", "--namespace", "flotilla-agent", "--create-namespace",
                "--set", "metaController.url=https://hub", "--set", "registration.token=flr_given", "--set",
                "registration.clusterName=jc-edge-3", "--kube-context=edge-3");
        assertThat(failed.exit()).isEqualTo(ExitCode.NOT_SUCCEEDED);
        assertThat(failed.err()).contains("exited with 1");
    }

    @Test
    void aJoinWithoutATokenOrWithTwoIsAUsageError() {
        Run none = Cli.admin(dir).run("join", "jc-x");
        Run both = Cli.admin(dir).run("join", "jc-x", "--registration-token", "flr_a", "--create-token");
        Run noTenant = Cli.admin(dir).run("join", "jc-x", "--create-token");

        assertThat(none.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(none.err()).contains("--registration-token").contains("--create-token");
        assertThat(both.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(noTenant.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(noTenant.err()).contains("--tenant");
    }

    private static List<JsonNode> documents(String yaml) throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        YAMLMapper mapper = YAMLMapper.builder().build();
        try (var values = mapper.readValues(mapper.createParser(yaml), JsonNode.class)) {
            values.forEachRemaining(documents::add);
        }
        return documents;
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
