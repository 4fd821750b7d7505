package org.chartvault.capture;

import org.chartvault.document.Indexing;

import java.time.LocalDate;

/**
 * A sheet the scanning clerk puts in front of a document: the pages after it (up to the next sheet) are one
 * document with these values. A sheet with no values ({@link #nextDocument()}) only starts a new document,
 * which capture then indexes from its content.
 *
 * <p>Every value is optional. Values are limited to what fits a robust barcode and the sheet's large print.
 */
public record SeparatorSheet(String mrn, String documentType, LocalDate serviceDate, String patientName, String encounter) {

    // identifiers: letters, digits and hyphens, as hospitals print them (leading zeros kept)
    static final String MRN_PATTERN = "[A-Za-z0-9-]{1,20}";
    static final String ENCOUNTER_PATTERN = "[A-Za-z0-9-]{1,30}";
    // free text is kept short so the barcode stays small enough to print large (about 2 inches, version <= 10)
    static final int MAX_TEXT = 64;

    public SeparatorSheet {
        mrn = blankToNull(mrn);
        documentType = blankToNull(documentType);
        patientName = blankToNull(patientName);
        encounter = blankToNull(encounter);
        if (mrn != null && !mrn.matches(MRN_PATTERN)) {
            throw new IllegalArgumentException("An MRN is 1-20 letters, digits or hyphens; '" + mrn + "' is not.");
        }
        if (encounter != null && !encounter.matches(ENCOUNTER_PATTERN)) {
            throw new IllegalArgumentException("An encounter number is 1-30 letters, digits or hyphens; '" + encounter + "' is not.");
        }
        checkText("document type", documentType);
        checkText("patient name", patientName);
        if (serviceDate != null && (serviceDate.getYear() < 1900 || serviceDate.getYear() > 2199)) {
            throw new IllegalArgumentException("The date of service " + serviceDate + " is not a plausible date.");
        }
    }

    /** A sheet that only says "a new document starts here". */
    public static SeparatorSheet nextDocument() {
        return new SeparatorSheet(null, null, null, null, null);
    }

    public static SeparatorSheet of(Indexing indexing) {
        return new SeparatorSheet(indexing.mrn(), indexing.documentType(), indexing.serviceDate(),
                indexing.patientName(), indexing.encounter());
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isNextDocument() {
        return mrn == null && documentType == null && serviceDate == null && patientName == null && encounter == null;
    }

    /** The values as indexing of the document that follows (birth date is never on a sheet). */
    public Indexing indexing() {
        return new Indexing(mrn, patientName, null, documentType, serviceDate, encounter);
    }

    private static void checkText(String what, String value) {
        if (value == null) return;
        if (value.length() > MAX_TEXT) {
            throw new IllegalArgumentException("The " + what + " on a separator sheet is at most " + MAX_TEXT + " characters.");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("The " + what + " must not contain control characters.");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
