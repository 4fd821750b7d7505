package org.chartvault;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages' dependencies as the JDK's {@code jdeps} reads them from the compiled classes: each capability
 * depends only on those in the layers below it, so there is no cycle and a change low in the house does not have
 * to know who lives above it. The root package holds the wiring ({@code App}, {@code Main}, {@code Config} …),
 * which may use everything, and plumbing every layer uses ({@code Json}, {@code Ids}, {@code Csv}, {@code Refusal}),
 * which uses no capability.
 */
class PackageStructureTest {
    /** From the top of the house down; a package may depend on packages in later rows only. */
    private static final List<List<String>> LAYERS = List.of(
            List.of("http"),
            List.of("fhir", "watch", "retention", "chart", "savedsearch"),
            List.of("db"),
            List.of("hold", "access"),
            List.of("release", "ingest"),
            List.of("originals", "amendment", "matter"),
            List.of("capture", "ocr"),
            List.of("patient", "index"),
            List.of("document", "security", "jobs"),
            List.of("imaging", "audit"),
            List.of("pdf", "storage"));
    private static final Set<String> WIRING = Set.of("App", "Main", "BulkImport", "ReindexProgress", "Config", "DataDirectory");
    private static final Pattern EDGE = Pattern.compile(
            "^\\s+org\\.chartvault\\.(?:([a-z]+)\\.)?([A-Z][\\w$]*)\\s+->\\s+org\\.chartvault\\.(?:([a-z]+)\\.)?([A-Z][\\w$]*)");

    /** package -> packages it uses, with one class-level example of each use. */
    private static final Map<String, Map<String, String>> uses = new TreeMap<>();
    private static final List<String> plumbingUses = new ArrayList<>();

    @BeforeAll
    static void readDependencies() throws Exception {
        Path classes = Path.of(App.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("this JDK has no jdeps"));
        StringWriter out = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-verbose:class", classes.toString());
        assertEquals(0, exit, "jdeps failed: " + out);
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (!m.find()) continue;
            String from = m.group(1), fromClass = m.group(2), to = m.group(3), toClass = m.group(4);
            if (from == null) {
                String top = fromClass.split("\\$")[0];
                if (!WIRING.contains(top) && to != null) plumbingUses.add(fromClass + " -> " + to + "." + toClass);
                continue;
            }
            if (to == null || to.equals(from)) continue;
            uses.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(to, fromClass + " -> " + to + "." + toClass);
        }
        assertTrue(uses.size() > 10, "jdeps reported too little to judge: " + uses);
    }

    @Test
    void everyCapabilityIsInALayer() {
        Set<String> placed = new TreeSet<>();
        LAYERS.forEach(placed::addAll);
        Set<String> seen = new TreeSet<>(uses.keySet());
        uses.values().forEach(m -> seen.addAll(m.keySet()));
        seen.removeAll(placed);
        assertTrue(seen.isEmpty(), "place these packages in a layer of this test: " + seen);
    }

    @Test
    void noPackageDependsOnOneAboveItOrBesideIt() {
        List<String> upward = new ArrayList<>();
        uses.forEach((from, targets) -> targets.forEach((to, example) -> {
            if (layer(to) <= layer(from)) upward.add(from + " -> " + to + " (" + example + ")");
        }));
        assertTrue(upward.isEmpty(), "dependencies that point up or sideways:\n" + String.join("\n", upward));
    }

    @Test
    void thePlumbingOfTheRootPackageUsesNoCapability() {
        assertTrue(plumbingUses.isEmpty(), "root plumbing reaching into capabilities: " + plumbingUses);
    }

    private static int layer(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) if (LAYERS.get(i).contains(pkg)) return i;
        return -1;
    }
}
