package org.chartvault.fhir;

import java.util.List;
import java.util.Objects;

/**
 * One kind of document the hospital files, with its LOINC document code: one row of the document type list.
 *
 * @param name     the LOINC name, e.g. "Surgical operation note": the display of the LOINC coding
 * @param loinc    the LOINC code, e.g. "11504-8"
 * @param display  what clerks and the screens call it, e.g. "Operative report"; what a document's type holds
 * @param keywords headings that announce the type on a page (upper case); also accepted as the type's name
 */
public record DocumentTypeCode(String name, String loinc, String display, List<String> keywords) {
    public static final String LOINC_SYSTEM = "http://loinc.org";

    public DocumentTypeCode {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("A document type needs its LOINC name.");
        if (loinc == null || !loinc.matches("\\d{1,7}-\\d")) {
            throw new IllegalArgumentException("'" + loinc + "' is not a LOINC code (digits, a hyphen and a check digit).");
        }
        display = display == null || display.isBlank() ? name.strip() : display.strip();
        name = name.strip();
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        Objects.requireNonNull(display);
    }
}
