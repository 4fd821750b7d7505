package org.chartvault.document;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Objects;

/**
 * Why a person must look at a document: a {@link Kind} that code can tell apart, which field it is about (when it is
 * about one), and a sentence naming what was found, for the reviewer. Code decides by kind and field, never by
 * reading the sentence.
 *
 * <p>Records stored before reasons had a kind held plain sentences; they are read as {@link Kind#OTHER}.
 *
 * @param field the indexing field it is about, by its API name ({@code mrn}, {@code documentType} …), or null
 */
public record ReviewReason(Kind kind, String field, String text) {

    /** The kinds of reason, each with a stable code (API, UI) and a short heading in HIM wording. */
    public enum Kind {
        NO_PATIENT("no-patient", "No patient"),
        NO_DOCUMENT_TYPE("no-document-type", "No document type"),
        NO_SERVICE_DATE("no-service-date", "No date of service"),
        AMBIGUOUS_VALUE("ambiguous-value", "Different values on the pages"),
        UNSURE_VALUE("unsure-value", "A value read with low confidence"),
        SOURCES_DISAGREE("sources-disagree", "Barcode, label and text disagree"),
        UNKNOWN_DOCUMENT_TYPE("unknown-document-type", "Document type not in the list"),
        MRN_NOT_IN_REGISTRY("mrn-not-in-registry", "MRN not in the patient registry"),
        PATIENT_MISMATCH("patient-mismatch", "Name or birth date of another patient"),
        MRN_FROM_REGISTRY("mrn-from-registry", "MRN suggested by the registry"),
        LOW_OCR_CONFIDENCE("low-ocr-confidence", "Pages the OCR was unsure of"),
        PAGE_PROBLEM("page-problem", "A page or barcode could not be read"),
        UNKNOWN_MRN_KEPT("unknown-mrn-kept", "Unusual MRN kept by a reviewer"),
        SPLIT_OFF("split-off", "Split off from another document"),
        SENT_BACK("sent-back", "Sent back to indexing"),
        OTHER("other", "Needs a look");

        private final String code;
        private final String heading;

        Kind(String code, String heading) {
            this.code = code;
            this.heading = heading;
        }

        @JsonValue
        public String code() {
            return code;
        }

        public String heading() {
            return heading;
        }

        @JsonCreator
        public static Kind fromCode(String code) {
            return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst().orElse(OTHER);
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public ReviewReason {
        kind = kind == null ? Kind.OTHER : kind;
        Objects.requireNonNull(text, "text");
    }

    public static ReviewReason of(Kind kind, String text) {
        return new ReviewReason(kind, null, text);
    }

    public static ReviewReason about(String field, Kind kind, String text) {
        return new ReviewReason(kind, field, text);
    }

    /** A reason as records stored before reasons had a kind kept it: a sentence. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ReviewReason legacy(String text) {
        return new ReviewReason(Kind.OTHER, null, text);
    }

    public boolean isAbout(String fieldName) {
        return fieldName.equals(field);
    }

    @Override
    public String toString() {
        return text;
    }
}
