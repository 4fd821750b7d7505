package org.chartvault.capture;

import java.util.List;
import java.util.Objects;

/**
 * A kind of document the hospital files, with its LOINC document code.
 *
 * @param name     the LOINC name, e.g. "Surgical operation note"
 * @param loinc    the LOINC code, e.g. "11504-8"; also the type's key in the API, since it never changes
 * @param display  what clerks and the screens call it, e.g. "Operative report"; what a document's
 *                 {@code documentType} holds
 * @param keywords headings and phrases that announce this type on a page, upper case
 * @param retired  no longer picked for new documents (nor found by automatic indexing); documents filed under
 *                 it keep it and still show its name
 */
public record DocumentType(String name, String loinc, String display, List<String> keywords, boolean retired) {

    public DocumentType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(display, "display");
        if (name.isBlank()) throw new IllegalArgumentException("A document type needs its LOINC name.");
        if (display.isBlank()) throw new IllegalArgumentException("A document type needs a name to show.");
        if (loinc == null || !loinc.matches("\\d{1,7}-\\d")) {
            throw new IllegalArgumentException("'" + loinc + "' is not a LOINC code (digits, hyphen, check digit)");
        }
        keywords = List.copyOf(keywords);
    }

    /** A type in use. */
    public DocumentType(String name, String loinc, String display, List<String> keywords) {
        this(name, loinc, display, keywords, false);
    }
}
