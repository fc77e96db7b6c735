package dev.flotilla.cli.apps;

import dev.flotilla.cli.ApiCommand;
import dev.flotilla.cli.CliException;
import dev.flotilla.cli.ExitCode;
import dev.flotilla.cli.YamlFiles;
import dev.flotilla.cli.http.Api;
import dev.flotilla.cli.output.OutputOptions;
import dev.flotilla.cli.output.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code flotilla apps create|list|revisions|push}: {@code /api/v1/applications}. */
@Command(name = "apps", aliases = "applications", description = "Applications and their revisions.",
        subcommands = {AppsCommand.Create.class, AppsCommand.List.class, AppsCommand.Revisions.class,
                AppsCommand.Push.class})
public final class AppsCommand {

    static Table table() {
        return new Table().column("NAME", "name").column("TENANT", "tenant").column("NAMESPACE", "namespace")
                .column("KIND", "kind").column("CREATED", "createdAt");
    }

    @Command(name = "create", description = "Add an application (operator).")
    static final class Create extends ApiCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--tenant", required = true)
        String tenant;

        @Option(names = "--namespace", required = true, description = "The namespace its workload runs in")
        String namespace;

        @Option(names = "--kind", description = "The kind of the first Kruise workload every revision holds: CloneSet, "
                + "StatefulSet (Advanced), UnitedDeployment, SidecarSet or BroadcastJob; leave it out for any bundle")
        String kind;

        @Mixin
        OutputOptions output;

        @Override
        protected int run() {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("name", name, "tenant", tenant,
                    "namespace", namespace));
            if (kind != null) {
                body.put("kind", kind);
            }
            JsonNode app = api().post("/api/v1/applications", body);
            output.print(out(), table(), app);
            return 0;
        }
    }

    @Command(name = "list", description = "Applications by name, every page.")
    static final class List extends ApiCommand {

        @Mixin
        OutputOptions output;

        @Override
        protected int run() {
            output.print(out(), table(), api().list("/api/v1/applications", Map.of()));
            return 0;
        }
    }

    @Command(name = "revisions", description = "An application's revisions.")
    static final class Revisions extends ApiCommand {

        @Parameters(paramLabel = "APP")
        String app;

        @Mixin
        OutputOptions output;

        @Override
        protected int run() {
            Table table = new Table().column("REVISION", "revision").column("CREATED", "createdAt")
                    .column("IMAGE", r -> Table.text(r.at("/manifest/spec/template/spec/containers/0/image")))
                    .column("RESOURCES", r -> String.valueOf(r.path("resources").size()))
                    .column("OVERRIDES", r -> String.valueOf(r.path("overrides").size()));
            output.print(out(), table, api().list("/api/v1/applications/" + Api.encode(app) + "/revisions",
                    Map.of()));
            return 0;
        }
    }

    @Command(name = "push", description = "Add a revision: the workload manifest of FILE (YAML or JSON, - for "
            + "standard input) becomes the application's next revision (operator). FILE may also be "
            + "{application: APP, manifest: {...}} or a bundle {application: APP, resources: [...], overrides: [...]} "
            + "(application optional; docs/applications.md).")
    static final class Push extends ApiCommand {

        @Parameters(paramLabel = "APP", arity = "0..1")
        String app;

        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE")
        String file;

        @Override
        protected int run() {
            JsonNode read = YamlFiles.read(file, cli().in());
            boolean bundle = read.has("manifest") || read.has("resources");
            if (app == null) {
                app = bundle && read.path("application").isString() ? read.path("application").asString() : null;
            }
            if (app == null) {
                throw new CliException(ExitCode.USAGE, "name the application: flotilla apps push APP -f " + file
                        + " (or give 'application' in a bundle)");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            if (read.has("resources")) {
                body.put("resources", read.get("resources"));
            } else {
                body.put("manifest", bundle ? read.get("manifest") : read);
            }
            if (bundle && read.has("overrides")) {
                body.put("overrides", read.get("overrides"));
            }
            JsonNode revision = api().post("/api/v1/applications/" + Api.encode(app) + "/revisions", body);
            return say("application " + app + " revision " + revision.path("revision").asInt() + " created");
        }
    }
}
