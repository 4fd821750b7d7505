package org.chartvault.bench;

import org.chartvault.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one benchmark run: tables and notes, printed as Markdown (pasted into BENCHMARKS.md as they are)
 * and written as JSON to {@code target/bench/<name>.json} (the latest run) and {@code <name>-<time>.json}.
 */
public final class Report {
    private final String name;
    private final String command;
    private final Machine machine = Machine.describe();
    private final List<Table> tables = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();

    public Report(String name, String command) {
        this.name = name;
        this.command = command;
    }

    public Table table(Table table) {
        tables.add(table);
        return table;
    }

    /** The tables in print order (mutable: a summary may be put first once it is known). */
    public List<Table> tables() {
        return tables;
    }

    public void note(String text) {
        notes.add(text);
    }

    /** A headline number, by name, for scripts that compare runs. */
    public void figure(String key, Object value) {
        figures.put(key, value);
    }

    /** Prints the report and writes its JSON; returns the path of the JSON. */
    public Path finish(PrintStream out) throws IOException {
        Instant ended = Instant.now();
        out.println();
        out.println("## bench " + name);
        out.println();
        out.println("Command: `" + command + "`");
        out.println("Machine: " + machine.summary() + "; load average at end " + Machine.loadAverage()
                + "; took " + Duration.between(machine.startedAt(), ended).toSeconds() + " s");
        out.println();
        for (Table table : tables) {
            out.println(table.render());
        }
        for (String note : notes) out.println("- " + note);
        out.println();

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", name);
        json.put("command", command);
        json.put("machine", machine);
        json.put("loadAverageAtEnd", Machine.loadAverage());
        json.put("endedAt", ended.toString());
        json.put("figures", figures);
        json.put("tables", tables.stream().map(Table::asJson).toList());
        json.put("notes", notes);
        Path dir = Path.of("target", "bench");
        Files.createDirectories(dir);
        byte[] bytes = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
        Files.write(dir.resolve(name + ".json"), bytes);
        Path stamped = dir.resolve(name + "-" + ended.toString().replace(":", "").replaceAll("\\.\\d+Z", "Z") + ".json");
        Files.write(stamped, bytes);
        out.println("Results written to " + stamped);
        return stamped;
    }
}
