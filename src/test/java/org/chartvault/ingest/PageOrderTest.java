package org.chartvault.ingest;

import org.chartvault.document.PageSummary;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A reviewer reorders the pages they see; the blank pages they do not see follow the page they were behind. */
class PageOrderTest {
    private static PageSummary page(int number, boolean blank) {
        return new PageSummary(number, blank ? null : 90.0, "ocr", blank);
    }

    // 1 blank leading sheet, 2 front, 3 its blank back, 4 front, 5 front, 6 its blank back
    private static final List<PageSummary> PAGES = List.of(page(1, true), page(2, false), page(3, true),
            page(4, false), page(5, false), page(6, true));

    @Test
    void blankBacksTravelWithTheirFrontsAndLeadingBlanksStayFirst() throws Exception {
        assertEquals(List.of(1, 5, 6, 2, 3, 4), PageEditor.withBlankPages(PAGES, List.of(5, 2, 4)));
    }

    @Test
    void anOrderOfEveryPageIsTakenAsGiven() throws Exception {
        assertEquals(List.of(6, 5, 4, 3, 2, 1), PageEditor.withBlankPages(PAGES, List.of(6, 5, 4, 3, 2, 1)));
    }

    @Test
    void anOrderMissingOrRepeatingAShownPageIsRefusedNamingThePages() {
        var e = assertThrows(PageEditor.NotEditableException.class, () -> PageEditor.withBlankPages(PAGES, List.of(5, 2, 2)));
        assertEquals("List every page of the document once in the new order: pages [2, 4, 5].", e.getMessage());
        assertThrows(PageEditor.NotEditableException.class, () -> PageEditor.withBlankPages(PAGES, List.of(5, 2)));
        assertThrows(PageEditor.NotEditableException.class, () -> PageEditor.withBlankPages(PAGES, List.of(5, 2, 4, 1)));
    }
}
