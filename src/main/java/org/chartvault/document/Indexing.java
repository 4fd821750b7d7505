package org.chartvault.document;

import java.time.LocalDate;

/**
 * The values an indexer assigns to a document: whose chart it belongs to and what it is.
 * Every field may be unknown (null) until capture or a reviewer fills it in.
 */
public record Indexing(String mrn, String patientName, LocalDate birthDate, String documentType,
                       LocalDate serviceDate, String encounter) {

    public static final Indexing EMPTY = new Indexing(null, null, null, null, null, null);

    public Indexing {
        mrn = blankToNull(mrn);
        patientName = blankToNull(patientName);
        documentType = blankToNull(documentType);
        encounter = blankToNull(encounter);
    }

    /** These values, with every field {@code other} knows replacing ours. */
    public Indexing overriddenBy(Indexing other) {
        return new Indexing(
                other.mrn != null ? other.mrn : mrn,
                other.patientName != null ? other.patientName : patientName,
                other.birthDate != null ? other.birthDate : birthDate,
                other.documentType != null ? other.documentType : documentType,
                other.serviceDate != null ? other.serviceDate : serviceDate,
                other.encounter != null ? other.encounter : encounter);
    }

    /**
     * A document type reduced to letters and digits, lower case, accents folded: "Psychotherapy note" and
     * "PSYCHOTHERAPY-NOTE" are one type when deciding who may read it.
     */
    public static String typeKey(String documentType) {
        if (documentType == null) return "";
        String folded = java.text.Normalizer.normalize(documentType, java.text.Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        return folded.toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    public boolean hasPatientAndType() {
        return mrn != null && documentType != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
