package org.chartvault.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options of a bench command, each with a default, unknown names refused. */
public final class Options {
    private final Map<String, String> values = new HashMap<>();

    private Options() {
    }

    /** Parses {@code args}; only the names in {@code known} are accepted. */
    public static Options parse(List<String> args, Set<String> known) {
        Options options = new Options();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) throw new IllegalArgumentException("expected an option like --pages 1000, not '" + arg + "'");
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (!known.contains(name)) throw new IllegalArgumentException("unknown option --" + name + "; this benchmark takes " + known.stream().sorted().map(k -> "--" + k).toList());
            if (value == null) {
                if (i + 1 >= args.size()) throw new IllegalArgumentException("--" + name + " needs a value");
                value = args.get(++i);
            }
            options.values.put(name, value);
        }
        return options;
    }

    public int integer(String name, int fallback) {
        String value = values.get(name);
        if (value == null) return fallback;
        try {
            return Integer.parseInt(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + value + "'");
        }
    }

    public String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }

    /** The options as given, for the report's command line. */
    public String asArguments() {
        StringBuilder out = new StringBuilder();
        values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.append(" --").append(e.getKey()).append(' ').append(e.getValue()));
        return out.toString();
    }
}
