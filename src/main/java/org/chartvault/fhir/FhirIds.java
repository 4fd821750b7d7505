package org.chartvault.fhir;

import org.chartvault.Ids;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * ChartVault identifiers as FHIR logical ids and back. FHIR ids allow letters, digits, '-' and '.', up to 64:
 * a document {@code doc_5k2q...} is {@code DocumentReference/doc-5k2q...}; its original is {@code Binary} of the
 * same id and its searchable PDF that id with {@link #PDF_SUFFIX}; a patient's id is their MRN when the MRN is
 * a valid id, else {@code x.} and the MRN's UTF-8 bytes in hex.
 */
public final class FhirIds {
    /** Marks the Binary of a document's searchable PDF; base32 ids never contain '-' so it cannot clash. */
    public static final String PDF_SUFFIX = "-pdf";
    private static final String DOCUMENT = "doc";
    private static final String SUBMISSION = "sub";
    private static final String ENCODED_MRN = "x.";
    private static final int MAX_ID = 64;

    private FhirIds() {
    }

    public static String ofDocument(String documentId) {
        return documentId.replace('_', '-');
    }

    /** The ChartVault document id of a DocumentReference (or original Binary) id, if it is one. */
    public static Optional<String> documentOf(String fhirId) {
        return chartVaultId(DOCUMENT, fhirId);
    }

    public static String ofSearchablePdf(String documentId) {
        return ofDocument(documentId) + PDF_SUFFIX;
    }

    public static String ofSubmission(String submissionId) {
        return submissionId.replace('_', '-');
    }

    public static Optional<String> submissionOf(String fhirId) {
        return chartVaultId(SUBMISSION, fhirId);
    }

    /** The Patient id of an MRN; empty for an MRN too long to be one (then only its identifier is given). */
    public static Optional<String> ofPatient(String mrn) {
        if (mrn.matches("[A-Za-z0-9-]{1," + MAX_ID + "}")) return Optional.of(mrn);
        String encoded = ENCODED_MRN + HexFormat.of().formatHex(mrn.getBytes(StandardCharsets.UTF_8));
        return encoded.length() <= MAX_ID ? Optional.of(encoded) : Optional.empty();
    }

    /** The MRN a Patient id stands for, if it is a well-formed one. */
    public static Optional<String> mrnOf(String patientId) {
        if (patientId == null) return Optional.empty();
        if (patientId.matches("[A-Za-z0-9-]{1," + MAX_ID + "}")) return Optional.of(patientId);
        if (patientId.startsWith(ENCODED_MRN) && patientId.length() <= MAX_ID) {
            try {
                byte[] bytes = HexFormat.of().parseHex(patientId.substring(ENCODED_MRN.length()));
                return bytes.length == 0 ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<String> chartVaultId(String prefix, String fhirId) {
        if (fhirId == null || !fhirId.startsWith(prefix + "-")) return Optional.empty();
        String id = prefix + "_" + fhirId.substring(prefix.length() + 1);
        return Ids.looksLike(prefix, id) ? Optional.of(id) : Optional.empty();
    }
}
