package org.chartvault.index;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged index/synonyms.txt: present in the jar, parseable, and free of the abbreviations we ruled out. */
class SynonymListTest {

    @Test
    void packagedListLoadsAndHasEnoughCommonAbbreviations() throws IOException {
        assertNotNull(TextAnalysis.packagedSynonyms());
        List<String> entries = entries();
        assertTrue(entries.size() >= 60 && entries.size() <= 110, entries.size() + " entries");
        for (String entry : entries) {
            assertTrue(entry.split(",").length >= 2, "an entry needs at least two equivalents: " + entry);
            assertFalse(entry.contains("/") || entry.contains("=>"), "plain equivalence lists only: " + entry);
        }
    }

    @Test
    void ambiguousAbbreviationsAreNotInTheList() throws IOException {
        Set<String> terms = entries().stream().flatMap(e -> Arrays.stream(e.split(",")))
                .map(String::strip).collect(Collectors.toSet());
        for (String ambiguous : List.of("pt", "ms", "ca", "pe", "iv", "hr", "tx", "or", "cc", "ed", "as")) {
            assertFalse(terms.contains(ambiguous), ambiguous + " means several things on a chart");
        }
    }

    /** OpenSearch rebuilds a group of one-word synonyms from its first word: that word must name one group only. */
    @Test
    void noEntryIsInTwoGroups() throws IOException {
        java.util.Map<String, String> groupOf = new java.util.HashMap<>();
        for (String entry : entries()) {
            for (String term : entry.split(",")) {
                String previous = groupOf.put(term.strip().toLowerCase(java.util.Locale.ROOT), entry);
                assertTrue(previous == null, "'" + term.strip() + "' is in two groups: " + previous + " / " + entry);
            }
        }
    }

    @Test
    void aBrokenListIsReportedWithItsLine() {
        IOException e = assertThrows(IOException.class,
                () -> TextAnalysis.synonyms(new StringReader("mi, myocardial infarction\nchf => \n")));
        assertTrue(e.getMessage().contains("synonyms.txt"), e.getMessage());
    }

    private static List<String> entries() throws IOException {
        try (InputStream in = SynonymListTest.class.getClassLoader().getResourceAsStream(TextAnalysis.SYNONYMS_RESOURCE)) {
            assertNotNull(in, "index/synonyms.txt is packaged");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }
}
