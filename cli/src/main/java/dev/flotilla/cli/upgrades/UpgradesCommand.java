package dev.flotilla.cli.upgrades;

import dev.flotilla.cli.ApiCommand;
import dev.flotilla.cli.CliException;
import dev.flotilla.cli.ExitCode;
import dev.flotilla.cli.YamlFiles;
import dev.flotilla.cli.campaigns.CampaignWatch;
import dev.flotilla.cli.campaigns.Plans;
import dev.flotilla.cli.http.Api;
import dev.flotilla.cli.output.OutputOptions;
import dev.flotilla.cli.output.Table;
import java.util.ArrayList;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code flotilla upgrades plan|start|watch|list}: {@code /api/v1/upgrades}. */
@Command(name = "upgrades", aliases = "upgrade", description = "Kubernetes version upgrades of hosted control planes.",
        subcommands = {UpgradesCommand.Plan.class, UpgradesCommand.Start.class, UpgradesCommand.Watch.class,
                UpgradesCommand.List.class})
public final class UpgradesCommand {

    /** The campaign request: FILE's fields (wave settings), then the options over them. */
    abstract static class Request extends ApiCommand {

        @Option(names = "--to", paramLabel = "MINOR", description = "The target minor, e.g. 1.32")
        String targetVersion;

        @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "The clusters to upgrade")
        String selector;

        @Option(names = "--cluster", paramLabel = "NAME", description = "A cluster to upgrade (repeatable)")
        java.util.List<String> clusters = new ArrayList<>();

        @Option(names = {"-f", "--file"}, paramLabel = "FILE",
                description = "The POST /api/v1/upgrades body as YAML or JSON (waves, canary, maxConcurrency...)")
        String file;

        @Option(names = "--force", description = "Start despite preflight refusals that may be forced")
        boolean force;

        ObjectNode request(boolean dryRun) {
            ObjectNode request = file == null ? Api.JSON.createObjectNode()
                    : (ObjectNode) YamlFiles.read(file, cli().in());
            if (targetVersion != null) {
                request.put("targetVersion", targetVersion);
            }
            if (selector != null || !clusters.isEmpty()) {
                ObjectNode selection = request.putObject("clusters");
                if (selector != null) {
                    selection.put("selector", selector);
                }
                if (!clusters.isEmpty()) {
                    clusters.forEach(selection.putArray("names")::add);
                }
            }
            if (!request.has("targetVersion") || !request.has("clusters")) {
                throw new CliException(ExitCode.USAGE, "name the target minor (--to) and the clusters (-l or "
                        + "--cluster), or give them in -f FILE");
            }
            request.put("dryRun", dryRun);
            if (force) {
                request.put("force", true);
            }
            return request;
        }
    }

    @Command(name = "plan", description = "Plan an upgrade campaign: waves, first clusters, refused clusters; "
            + "nothing starts.")
    static final class Plan extends Request {

        @Mixin
        OutputOptions output;

        @Override
        protected int run() {
            return Plans.print(out(), output, api().post("/api/v1/upgrades", request(true)));
        }
    }

    @Command(name = "start", description = "Start an upgrade campaign (operator).")
    static final class Start extends Request {

        @Option(names = {"-w", "--watch"}, description = "Follow the campaign until it settles")
        boolean watch;

        @Override
        protected int run() {
            JsonNode campaign = api().post("/api/v1/upgrades", request(false));
            long id = campaign.path("id").asLong();
            say("upgrade campaign " + id + " to " + campaign.path("targetVersion").asString() + " started (state "
                    + campaign.path("state").asString() + ", " + campaign.path("targets").asInt() + " targets, "
                    + campaign.path("refused").size() + " refused)");
            campaign.path("refused").forEach(refused -> say("refused " + refused.path("cluster").asString() + ": "
                    + Table.text(refused.path("reasons"))));
            return watch ? new CampaignWatch(api(), out()).follow(id) : ExitCode.OK;
        }
    }

    @Command(name = "watch", description = "Follow an upgrade campaign's events with a progress line until it "
            + "settles; exits 0 when it SUCCEEDED, 5 otherwise.")
    static final class Watch extends ApiCommand {

        @Parameters(paramLabel = "ID")
        long id;

        @Override
        protected int run() {
            return new CampaignWatch(api(), out()).follow(id);
        }
    }

    @Command(name = "list", description = "Upgrade campaigns, newest first, every page.")
    static final class List extends ApiCommand {

        @Mixin
        OutputOptions output;

        @Override
        protected int run() {
            Table table = new Table().column("ID", "id").column("TO", "targetVersion").column("STATE", "state")
                    .column("TARGETS", "targets").column("REFUSED", "refused").column("CREATED", "createdAt");
            output.print(out(), table, api().list("/api/v1/upgrades", Map.of()));
            return 0;
        }
    }
}
