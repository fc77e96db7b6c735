package dev.flotilla.cli.join;

import dev.flotilla.cli.ApiCommand;
import dev.flotilla.cli.CliException;
import dev.flotilla.cli.ExitCode;
import dev.flotilla.cli.tokens.RegistrationTokenOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code flotilla join CLUSTER}: the agent install that makes a Kubernetes cluster join the fleet under that name,
 * with a registration token given or issued here (one use, by default), printed or applied.
 */
@Command(name = "join", description = "Print (or --apply through your kubeconfig) the agent's Helm install or "
        + "manifests that make a cluster join the fleet with a registration token.")
public final class JoinCommand extends ApiCommand {

    /** How the install is given. */
    enum Form { helm, manifests }

    @Parameters(paramLabel = "CLUSTER", description = "The name the cluster registers under")
    String cluster;

    @Option(names = "--registration-token", paramLabel = "TOKEN", description = "A registration token (flr_...)")
    String registrationToken;

    @Option(names = "--create-token", description = "Issue a registration token for this cluster (admin): named "
            + "join-CLUSTER, one use unless --max-uses says otherwise, with --tenant, --ttl, --label...")
    boolean createToken;

    @Mixin
    RegistrationTokenOptions token;

    @Option(names = "--hub-url", paramLabel = "URL", description = "The meta-controller's URL as the cluster reaches "
            + "it (default: the URL this command calls)")
    String hubUrl;

    @Option(names = "--format", defaultValue = "helm", description = "helm or manifests (default: ${DEFAULT-VALUE})")
    Form form;

    @Option(names = "--chart", defaultValue = "deploy/helm/flotilla-agent", description = "The agent chart "
            + "(default: ${DEFAULT-VALUE})")
    String chart;

    @Option(names = "--namespace", defaultValue = "flotilla-agent", description = "(default: ${DEFAULT-VALUE})")
    String namespace;

    @Option(names = "--image", defaultValue = "flotilla/tenant-agent:0.1.0", description = "The agent image of "
            + "--format manifests (default: ${DEFAULT-VALUE})")
    String image;

    @Mixin
    KubeTools kube;

    @Override
    protected int run() {
        String secret = registrationToken();
        String url = hubUrl != null ? hubUrl : connection.resolve(cli()).url().toString();
        AgentSettings agent = new AgentSettings(url, secret, cluster, token.labels);
        if (form == Form.helm) {
            HelmInstall helm = new HelmInstall(AgentManifests.NAME, chart, namespace, agent);
            return kube.apply ? kube.helm(cli(), helm.arguments()) : print(helm.command());
        }
        AgentManifests manifests = new AgentManifests(namespace, image, agent);
        return kube.apply ? kube.kubectlApply(cli(), manifests.yaml()) : print(manifests.yaml());
    }

    private String registrationToken() {
        if (registrationToken != null && createToken) {
            throw new CliException(ExitCode.USAGE, "give either --registration-token or --create-token, not both");
        }
        if (registrationToken != null) {
            return registrationToken;
        }
        if (!createToken) {
            throw new CliException(ExitCode.USAGE, "a joining cluster needs a registration token: pass "
                    + "--registration-token flr_... or --create-token --tenant TENANT");
        }
        if (token.tenant == null) {
            throw new CliException(ExitCode.USAGE, "--create-token needs --tenant");
        }
        token.name = "join-" + cluster;
        JsonNode issued = token.issue(api());
        cli().err().println("registration token '" + issued.path("name").asString() + "' (id "
                + issued.path("id").asLong() + ") issued: " + issued.path("maxUses").asInt() + " use(s) until "
                + issued.path("expiresAt").asString());
        return issued.path("token").asString();
    }

    private int print(String text) {
        out().print(text);
        out().flush();
        return ExitCode.OK;
    }
}
