package dev.flotilla.cli.campaigns;

import dev.flotilla.cli.ApiCommand;
import dev.flotilla.cli.YamlFiles;
import dev.flotilla.cli.output.Format;
import dev.flotilla.cli.output.OutputOptions;
import dev.flotilla.cli.output.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code flotilla rollouts create|list|get|watch} and the controls: {@code /api/v1/rollouts}. */
@Command(name = "rollouts", aliases = "rollout", description = "Rollouts of application revisions across clusters.",
        subcommands = {RolloutsCommand.Create.class, RolloutsCommand.List.class, RolloutsCommand.Get.class,
                RolloutsCommand.Watch.class, RolloutControl.Pause.class, RolloutControl.Resume.class,
                RolloutControl.Abort.class, RolloutControl.Approve.class, RolloutControl.Rollback.class})
public final class RolloutsCommand {

    static Table table() {
        return new Table().column("ID", "id").column("APPLICATION", "application").column("REVISION", "revision")
                .column("STATE", "state").column("WAVE", r -> r.path("currentWave").asInt() + "/"
                        + (r.path("waves").isArray() ? r.path("waves").size() - 1 : r.path("waves").asInt() - 1))
                .column("TARGETS", "targets").column("CREATED", "createdAt");
    }

    @Command(name = "create", description = "Start a rollout from FILE (the POST /api/v1/rollouts body as YAML or "
            + "JSON, - for standard input); with --dry-run print its plan only (operator).")
    static final class Create extends ApiCommand {

        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE")
        String file;

        @Option(names = "--dry-run", description = "Answer the plan; start nothing")
        boolean dryRun;

        @Option(names = {"-w", "--watch"}, description = "Follow the rollout until it settles")
        boolean watch;

        @Mixin
        OutputOptions output;

        @Override
        protected int run() {
            ObjectNode request = (ObjectNode) YamlFiles.read(file, cli().in());
            if (dryRun) {
                request.put("dryRun", true);
            }
            JsonNode answer = api().post("/api/v1/rollouts", request);
            if (answer.path("dryRun").asBoolean(false)) {
                return Plans.print(out(), output, answer);
            }
            output.print(out(), table(), answer);
            return watch ? new CampaignWatch(api(), out()).follow(answer.path("id").asLong()) : 0;
        }
    }

    @Command(name = "list", description = "Rollouts, newest first, every page.")
    static final class List extends ApiCommand {

        @Option(names = "--application")
        String application;

        @Option(names = "--state", description = "RUNNING, WAITING_APPROVAL, PAUSED, SUCCEEDED, ABORTED, ...")
        String state;

        @Mixin
        OutputOptions output;

        @Override
        protected int run() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("application", application);
            query.put("state", state);
            output.print(out(), table(), api().list("/api/v1/rollouts", query));
            return 0;
        }
    }

    @Command(name = "get", description = "One rollout: its waves and counts per state.")
    static final class Get extends ApiCommand {

        @Parameters(paramLabel = "ID")
        long id;

        @Mixin
        OutputOptions output;

        @Override
        protected int run() {
            JsonNode rollout = api().get("/api/v1/rollouts/" + id);
            output.print(out(), table(), rollout);
            if (output.format() == Format.table) {
                out().println();
                out().print(Plans.waves(rollout.path("waves")));
                out().println(CampaignWatch.progressLine(rollout));
                out().flush();
            }
            return 0;
        }
    }

    @Command(name = "watch", description = "Follow a rollout's events with a progress line until it settles; "
            + "exits 0 when it SUCCEEDED, 5 otherwise.")
    static final class Watch extends ApiCommand {

        @Parameters(paramLabel = "ID")
        long id;

        @Override
        protected int run() {
            return new CampaignWatch(api(), out()).follow(id);
        }
    }
}
