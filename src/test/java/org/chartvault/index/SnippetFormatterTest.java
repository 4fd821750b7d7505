package org.chartvault.index;

import org.chartvault.index.SearchHit.Highlight;
import org.chartvault.index.Snippets.Snippet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SnippetFormatterTest {

    @Test
    void lineBreaksAndRunsOfSpacesCollapseAndHighlightsMoveWithThem() {
        String content = "Plan:\n\n   continue   aspirin\n81 mg daily";
        int start = content.indexOf("continue");
        int end = content.length();
        int aspirin = content.indexOf("aspirin");
        int mg = content.indexOf("mg");
        Snippet s = Snippets.Formatter.format(content, start, end,
                new int[][]{{mg, mg + 2}, {aspirin, aspirin + 7}});
        assertEquals("…continue aspirin 81 mg daily", s.text());
        assertEquals(List.of("aspirin", "mg"), s.highlights().stream().map(h -> s.text().substring(h.start(), h.end())).toList());
    }

    @Test
    void overlappingMatchesBecomeOneHighlight() {
        String content = "acute myocardial infarction";
        Snippet s = Snippets.Formatter.format(content, 0, content.length(), new int[][]{{6, 16}, {6, 27}, {17, 27}});
        assertEquals("acute myocardial infarction", s.text());
        assertEquals(List.of(new Highlight(6, 27)), s.highlights());
    }

    @Test
    void aPassageEndingBeforeTheTextEndsGetsAnEllipsis() {
        String content = "first part. second part.";
        Snippet s = Snippets.Formatter.format(content, 0, 11, new int[][]{{0, 5}});
        assertEquals("first part.…", s.text());
        assertEquals(List.of(new Highlight(0, 5)), s.highlights());
    }

    @Test
    void anOverlongPassageIsCutAtAWordAndKeepsOnlyHighlightsInside() {
        String content = "word ".repeat(200) + "target";
        int target = content.indexOf("target");
        Snippet s = Snippets.Formatter.format(content, 0, content.length(), new int[][]{{0, 4}, {target, target + 6}});
        assertEquals(true, s.text().length() <= Snippets.MAX_LENGTH + 1);
        assertEquals(true, s.text().endsWith("word…"));
        assertEquals(List.of(new Highlight(0, 4)), s.highlights());
    }
}
