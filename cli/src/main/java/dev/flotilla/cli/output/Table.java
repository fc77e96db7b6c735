package dev.flotilla.cli.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** Rows under upper-case headers, each column as wide as its widest cell plus two spaces (as kubectl prints). */
public final class Table {

    private final List<String> headers = new ArrayList<>();
    private final List<Function<JsonNode, String>> cells = new ArrayList<>();

    public Table column(String header, Function<JsonNode, String> cell) {
        headers.add(header);
        cells.add(cell);
        return this;
    }

    /** A column of a field, {@code <none>} when it is absent or null. */
    public Table column(String header, String field) {
        return column(header, node -> text(node.path(field)));
    }

    public String render(List<JsonNode> rows) {
        List<String[]> lines = new ArrayList<>();
        lines.add(headers.toArray(String[]::new));
        for (JsonNode row : rows) {
            lines.add(cells.stream().map(cell -> cell.apply(row)).toArray(String[]::new));
        }
        int[] widths = new int[headers.size()];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(i == line.length - 1 ? line[i] : pad(line[i], widths[i] + 2));
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** A value as a cell: text as is, null or missing as {@code <none>}, an object as k=v pairs. */
    public static String text(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "<none>";
        }
        if (value.isObject()) {
            List<String> pairs = new ArrayList<>();
            value.properties().forEach(e -> pairs.add(e.getKey() + "=" + e.getValue().asString()));
            return pairs.isEmpty() ? "<none>" : String.join(",", pairs);
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.isValueNode() ? item.asString() : item.toString()));
            return items.isEmpty() ? "<none>" : String.join(",", items);
        }
        return value.asString();
    }

    private static String pad(String text, int width) {
        char[] spaces = new char[Math.max(0, width - text.length())];
        Arrays.fill(spaces, ' ');
        return text + new String(spaces);
    }
}
