package org.chartvault.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A table of results: printed aligned for people, written as rows of named values for machines. */
public final class Table {
    private final String title;
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String title, String... columns) {
        this.title = title;
        this.columns = List.of(columns);
    }

    public Table row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException(title + ": " + cells.length + " cells for " + columns.size() + " columns");
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) row.add(cell == null ? "-" : cell.toString());
        rows.add(row);
        return this;
    }

    public String title() {
        return title;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table as Markdown, columns padded so it also reads well in a terminal. */
    public String render() {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columns.get(c).length();
            for (List<String> row : rows) widths[c] = Math.max(widths[c], row.get(c).length());
        }
        StringBuilder out = new StringBuilder("### ").append(title).append("\n\n");
        line(out, columns, widths);
        StringBuilder rule = new StringBuilder("|");
        for (int width : widths) rule.append("-".repeat(width + 2)).append('|');
        out.append(rule).append('\n');
        for (List<String> row : rows) line(out, row, widths);
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        out.append('|');
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            out.append(' ').append(cell).append(" ".repeat(widths[c] - cell.length())).append(" |");
        }
        out.append('\n');
    }

    /** {"title", "rows": [{column: value}]} for the JSON result. */
    Map<String, Object> asJson() {
        List<Map<String, String>> named = new ArrayList<>();
        for (List<String> row : rows) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) values.put(columns.get(c), row.get(c));
            named.add(values);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("title", title);
        json.put("rows", named);
        return json;
    }
}
