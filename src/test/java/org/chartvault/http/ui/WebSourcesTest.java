package org.chartvault.http.ui;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules the browser tests cannot see everywhere, read off the UI's sources: nothing builds markup from
 * strings (so no document data can become markup), and nothing the Content-Security-Policy would block is written
 * (inline scripts, inline styles, event-handler attributes).
 */
class WebSourcesTest {
    private static final Path WEB = Path.of("web");
    private static final Pattern MARKUP_FROM_STRINGS = Pattern.compile(
            "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\s*\\(|new\\s+Function\\s*\\(|createContextualFragment|DOMParser");
    private static final Pattern INLINE_IN_HTML = Pattern.compile(
            "\\sstyle\\s*=|\\son[a-z]+\\s*=|<script(?![^>]*\\ssrc=)[^>]*>|<style", Pattern.CASE_INSENSITIVE);
    private static final Pattern STYLE_ATTRIBUTE_IN_JS = Pattern.compile("setAttribute\\(\\s*['\"]style['\"]|\\.style\\.cssText|['\"]style['\"]\\s*:");

    @Test
    void scriptsNeverTurnStringsIntoMarkupOrInlineStyles() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : files(".js")) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.strip().startsWith("//")) continue;
                for (Pattern p : List.of(MARKUP_FROM_STRINGS, STYLE_ATTRIBUTE_IN_JS)) {
                    Matcher m = p.matcher(line);
                    if (m.find()) found.add(WEB.relativize(file) + ":" + (i + 1) + " " + m.group());
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void pagesHaveNoInlineScriptsStylesOrHandlers() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : files(".html")) {
            Matcher m = INLINE_IN_HTML.matcher(Files.readString(file));
            while (m.find()) found.add(WEB.relativize(file) + " " + m.group().strip());
        }
        assertEquals(List.of(), found);
    }

    @Test
    void everyModuleTheUiImportsExists() throws IOException {
        Pattern importFrom = Pattern.compile("from\\s+'(\\.[^']+)'");
        List<String> missing = new ArrayList<>();
        List<Path> scripts = files(".js");
        assertTrue(scripts.size() > 5, "the UI's scripts were found");
        for (Path file : scripts) {
            Matcher m = importFrom.matcher(Files.readString(file));
            while (m.find()) {
                if (!Files.exists(file.getParent().resolve(m.group(1)).normalize())) missing.add(WEB.relativize(file) + " -> " + m.group(1));
            }
        }
        assertEquals(List.of(), missing);
    }

    private static List<Path> files(String suffix) throws IOException {
        try (Stream<Path> all = Files.walk(WEB)) {
            return all.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
