package org.chartvault.capture;

import org.chartvault.document.Indexing;
import org.chartvault.document.ReviewReason;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What {@link TextIndexer} found in a document's text: for every field, all candidate values, most likely first.
 * The document type's candidates carry the whole {@link DocumentType}; {@link #indexing} puts its display name
 * into {@code Indexing.documentType}.
 */
public record TextFindings(Candidates<String> mrn, Candidates<String> patientName, Candidates<LocalDate> birthDate,
                           Candidates<LocalDate> serviceDate, Candidates<String> encounter,
                           Candidates<DocumentType> documentType) {

    public static final TextFindings NONE = new TextFindings(Candidates.none(), Candidates.none(), Candidates.none(),
            Candidates.none(), Candidates.none(), Candidates.none());

    /** The values clear enough to take without a person: each field's unambiguous best at or above {@code minConfidence}. */
    public Indexing indexing(double minConfidence) {
        return new Indexing(take(mrn, minConfidence), take(patientName, minConfidence), take(birthDate, minConfidence),
                documentType.best().filter(f -> f.confidence() >= minConfidence).map(f -> f.value().display()).orElse(null),
                take(serviceDate, minConfidence), take(encounter, minConfidence));
    }

    /**
     * Why a person should check the document, in words for the review queue: no MRN or document type, values
     * that disagree, or values read with less than {@code minConfidence}. Empty when the text alone suffices.
     */
    public List<ReviewReason> reasons(double minConfidence) {
        List<ReviewReason> reasons = new ArrayList<>();
        field(reasons, "mrn", "MRN", ReviewReason.Kind.NO_PATIENT, mrn, String::valueOf, minConfidence);
        field(reasons, "documentType", "document type", ReviewReason.Kind.NO_DOCUMENT_TYPE, documentType, DocumentType::display, minConfidence);
        field(reasons, "serviceDate", "date of service", ReviewReason.Kind.NO_SERVICE_DATE, serviceDate, String::valueOf, minConfidence);
        field(reasons, "patientName", "patient name", null, patientName, String::valueOf, minConfidence);
        field(reasons, "birthDate", "birth date", null, birthDate, String::valueOf, minConfidence);
        return reasons;
    }

    private static <T> T take(Candidates<T> candidates, double minConfidence) {
        return candidates.best().filter(f -> f.confidence() >= minConfidence).map(Finding::value).orElse(null);
    }

    /** @param missing the kind of reason when the field was not found at all; null when it may be missing */
    private static <T> void field(List<ReviewReason> reasons, String field, String name, ReviewReason.Kind missing,
                                  Candidates<T> candidates, Function<T, String> show, double minConfidence) {
        if (candidates.isEmpty()) {
            if (missing != null) reasons.add(ReviewReason.about(field, missing, "No " + name + " was found in the text."));
        } else if (candidates.isAmbiguous()) {
            reasons.add(ReviewReason.about(field, ReviewReason.Kind.AMBIGUOUS_VALUE, "The text gives different values for the "
                    + name + ": " + candidates.findings().stream().limit(4)
                    .map(f -> show.apply(f.value()) + " (" + f.evidence() + ")").collect(Collectors.joining(", ")) + "."));
        } else if (candidates.findings().get(0).confidence() < minConfidence) {
            Finding<T> best = candidates.findings().get(0);
            reasons.add(ReviewReason.about(field, ReviewReason.Kind.UNSURE_VALUE, capitalised(name) + " "
                    + show.apply(best.value()) + " was read with low confidence ("
                    + String.format(Locale.ROOT, "%.2f", best.confidence()) + ": " + best.evidence() + ")."));
        }
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
