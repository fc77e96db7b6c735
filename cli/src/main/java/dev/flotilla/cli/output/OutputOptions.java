package dev.flotilla.cli.output;

import java.io.PrintWriter;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;
import picocli.CommandLine.Option;

/** {@code -o table|json|yaml}: a table of the chosen columns, or the API's answer itself. */
public final class OutputOptions {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(YAMLWriteFeature.MINIMIZE_QUOTES).build();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json or yaml (default: ${DEFAULT-VALUE})")
    Format format = Format.table;

    public Format format() {
        return format;
    }

    /** A list: the table, or a JSON/YAML array of the items. */
    public void print(PrintWriter out, Table table, List<JsonNode> rows) {
        if (format == Format.table) {
            out.print(table.render(rows));
        } else {
            print(out, JSON.valueToTree(rows));
        }
        out.flush();
    }

    /** One resource: a one-row table, or the whole answer. */
    public void print(PrintWriter out, Table table, JsonNode one) {
        if (format == Format.table) {
            print(out, table, List.of(one));
        } else {
            print(out, one);
        }
    }

    /** The answer itself in JSON or YAML (a table of one object is its YAML too: nested shapes do not tabulate). */
    public void print(PrintWriter out, JsonNode value) {
        String text = format == Format.json ? JSON.writeValueAsString(value) : YAML.writeValueAsString(value);
        out.print(text.endsWith("\n") ? text : text + "\n");
        out.flush();
    }
}
