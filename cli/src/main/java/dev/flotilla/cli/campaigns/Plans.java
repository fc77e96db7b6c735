package dev.flotilla.cli.campaigns;

import dev.flotilla.cli.output.Format;
import dev.flotilla.cli.output.OutputOptions;
import dev.flotilla.cli.output.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Prints a campaign's waves, and the answer of a dry run (rollout or upgrade): its waves and what it refused. */
public final class Plans {

    private Plans() {
    }

    /** A dry run: the waves as a table and a summary line, or the answer itself in JSON or YAML. */
    public static int print(PrintWriter out, OutputOptions output, JsonNode plan) {
        if (output.format() != Format.table) {
            output.print(out, plan);
            return 0;
        }
        out.print(waves(plan.path("waves")));
        out.println("dry run: " + plan.path("targets").asInt() + " targets in " + plan.path("waves").size()
                + " waves" + (plan.path("estimatedSeconds").isNumber()
                ? ", about " + plan.path("estimatedSeconds").asLong() + " s" : "")
                + "; nothing was started");
        plan.path("refused").forEach(refused -> out.println("refused " + refused.path("cluster").asString() + ": "
                + Table.text(refused.path("reasons"))));
        out.flush();
        return 0;
    }

    static String waves(JsonNode waves) {
        List<JsonNode> rows = new ArrayList<>();
        waves.forEach(rows::add);
        Table table = new Table().column("WAVE", "index").column("NAME", "name").column("TARGETS", "targets");
        if (!rows.isEmpty() && rows.get(0).has("state")) {
            table.column("STATE", "state").column("COUNTS", w -> counts(w.path("counts")));
        } else {
            table.column("APPROVAL", w -> w.path("approvalBefore").asBoolean() ? "yes" : "no")
                    .column("FIRST CLUSTERS", w -> Table.text(w.path("firstClusters")));
        }
        return table.render(rows);
    }

    private static String counts(JsonNode counts) {
        StringBuilder text = new StringBuilder();
        counts.properties().forEach(e -> {
            if (e.getValue().asInt() > 0) {
                text.append(text.isEmpty() ? "" : ",").append(e.getKey()).append('=').append(e.getValue().asInt());
            }
        });
        return text.isEmpty() ? "<none>" : text.toString();
    }
}
