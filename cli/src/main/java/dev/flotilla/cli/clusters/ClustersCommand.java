package dev.flotilla.cli.clusters;

import dev.flotilla.cli.ApiCommand;
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

/** {@code flotilla clusters list|get|cordon|uncordon|delete}: {@code /api/v1/clusters}. */
@Command(name = "clusters", aliases = "cluster", description = "The cluster inventory.",
        subcommands = {ClustersCommand.List.class, ClustersCommand.Get.class, ClustersCommand.Cordon.class,
                ClustersCommand.Uncordon.class, ClustersCommand.Delete.class})
public final class ClustersCommand {

    static Table table() {
        return new Table().column("NAME", "name").column("TENANT", "tenant").column("REGION", "region")
                .column("ZONE", "zone").column("STATE", "state").column("KUBERNETES", "kubernetesVersion")
                .column("NODES", "nodes").column("LABELS", "labels");
    }

    @Command(name = "list", description = "Clusters by name, every page.")
    static final class List extends ApiCommand {

        @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR",
                description = "A Kubernetes label selector, e.g. 'env=prod,tier in (gold,silver)'")
        String selector;

        @Option(names = "--state", description = "REGISTERING, READY, NOT_READY or CORDONED")
        String state;

        @Option(names = "--tenant")
        String tenant;

        @Option(names = "--region")
        String region;

        @Option(names = "--zone")
        String zone;

        @Mixin
        OutputOptions output;

        @Override
        protected int run() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("selector", selector);
            query.put("state", state);
            query.put("tenant", tenant);
            query.put("region", region);
            query.put("zone", zone);
            output.print(out(), table(), api().list("/api/v1/clusters", query));
            return 0;
        }
    }

    @Command(name = "get", description = "One cluster.")
    static final class Get extends ApiCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        OutputOptions output;

        @Override
        protected int run() {
            output.print(out(), table(), api().get("/api/v1/clusters/" + Api.encode(name)));
            return 0;
        }
    }

    @Command(name = "cordon", description = "Keep new rollouts and upgrades off a cluster (operator).")
    static final class Cordon extends ApiCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run() {
            JsonNode cluster = api().post("/api/v1/clusters/" + Api.encode(name) + "/cordon", null);
            return say("cluster " + name + " cordoned (state " + cluster.path("state").asString() + ")");
        }
    }

    @Command(name = "uncordon", description = "Let rollouts and upgrades reach a cluster again (operator).")
    static final class Uncordon extends ApiCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run() {
            JsonNode cluster = api().post("/api/v1/clusters/" + Api.encode(name) + "/uncordon", null);
            return say("cluster " + name + " uncordoned (state " + cluster.path("state").asString() + ")");
        }
    }

    @Command(name = "delete", description = "Remove a cluster from the inventory; its agent token stops working "
            + "(admin).")
    static final class Delete extends ApiCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run() {
            api().delete("/api/v1/clusters/" + Api.encode(name));
            return say("cluster " + name + " deleted");
        }
    }
}
