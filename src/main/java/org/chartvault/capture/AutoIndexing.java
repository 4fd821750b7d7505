package org.chartvault.capture;

import org.chartvault.document.Indexing;
import org.chartvault.document.ReviewReason;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides a document's indexing from everything capture knows, in order of trust: what a person typed (upload
 * form), then the barcodes (separator sheet, patient label), then the OCR text. It records where each value came
 * from and, in words, why a person should look: no MRN or type, values too unsure, an ambiguous text, or a
 * barcode whose patient the text contradicts. The registry check comes after this (see
 * {@code patient.RegistryCheck}) and adds its own reasons.
 */
public final class AutoIndexing {

    /**
     * @param indexing the values decided (what is not known stays null)
     * @param sources  where each decided value came from, by field name ({@code mrn}, {@code documentType}...)
     * @param reasons  why the document needs review; empty when it can be filed as it is
     */
    public record Decision(Indexing indexing, Map<String, Source> sources, List<ReviewReason> reasons) {
        public Decision {
            sources = Map.copyOf(sources);
            reasons = List.copyOf(reasons);
        }

        public boolean needsReview() {
            return !reasons.isEmpty();
        }
    }

    private final DocumentTypes types;
    private final double minConfidence;

    /** @param minConfidence text values below this are not taken (0.6 suits the confidences {@link TextIndexer} gives) */
    public AutoIndexing(DocumentTypes types, double minConfidence) {
        this.types = Objects.requireNonNull(types, "types");
        if (minConfidence < 0 || minConfidence > 1) throw new IllegalArgumentException("minConfidence is 0..1");
        this.minConfidence = minConfidence;
    }

    /**
     * @param typed    values a person gave with the upload ({@link Indexing#EMPTY} if none)
     * @param barcodes the stream part the document came from, or null when it was not split from a stream
     * @param text     what the text of its first pages says ({@link TextFindings#NONE} before OCR)
     */
    public Decision decide(Indexing typed, StreamSplitter.Part barcodes, TextFindings text) {
        Map<String, Source> sources = new LinkedHashMap<>();
        List<ReviewReason> reasons = new ArrayList<>();
        Indexing coded = barcodes == null ? Indexing.EMPTY : barcodes.indexing();
        Source codedMrnSource = barcodes == null ? null
                : barcodes.mrn().best().map(Finding::source).orElse(Source.BARCODE);
        if (barcodes != null) reasons.addAll(barcodes.reasons());

        String mrn = pick("mrn", typed.mrn(), coded.mrn(), codedMrnSource, text.mrn(), sources);
        String textMrn = clear(text.mrn()).orElse(null);
        if (sources.get("mrn") != Source.TEXT && mrn != null && textMrn != null && !textMrn.equals(mrn)) {
            reasons.add(ReviewReason.about("mrn", ReviewReason.Kind.SOURCES_DISAGREE, "The " + describe(sources.get("mrn"))
                    + " says MRN " + mrn + " but the text says " + textMrn + " (" + text.mrn().findings().get(0).evidence() + ")."));
        }
        String name = pick("patientName", typed.patientName(), coded.patientName(), Source.BARCODE, text.patientName(), sources);
        LocalDate birth = pick("birthDate", typed.birthDate(), null, null, text.birthDate(), sources);
        LocalDate service = pick("serviceDate", typed.serviceDate(), coded.serviceDate(), Source.BARCODE, text.serviceDate(), sources);
        String encounter = pick("encounter", typed.encounter(), coded.encounter(), codedMrnSource, text.encounter(), sources);
        String type = documentType(typed, coded, text, sources, reasons);

        if (mrn == null) reasons.addAll(textReasons(text, "mrn"));
        if (type == null) reasons.addAll(textReasons(text, "documentType"));
        if (service == null) reasons.addAll(textReasons(text, "serviceDate"));
        return new Decision(new Indexing(mrn, name, birth, type, service, encounter), sources, reasons);
    }

    private String documentType(Indexing typed, Indexing coded, TextFindings text, Map<String, Source> sources, List<ReviewReason> reasons) {
        for (var given : List.of(Map.entry(Source.USER, Optional.ofNullable(typed.documentType())),
                Map.entry(Source.BARCODE, Optional.ofNullable(coded.documentType())))) {
            if (given.getValue().isEmpty()) continue;
            sources.put("documentType", given.getKey());
            Optional<DocumentType> known = types.resolve(given.getValue().get());
            if (known.isEmpty()) {
                reasons.add(ReviewReason.about("documentType", ReviewReason.Kind.UNKNOWN_DOCUMENT_TYPE,
                        "The document type '" + given.getValue().get() + "' is not in the list of document types."));
                return given.getValue().get();
            }
            return known.get().display();
        }
        Optional<Finding<DocumentType>> best = text.documentType().best().filter(f -> f.confidence() >= minConfidence);
        best.ifPresent(f -> sources.put("documentType", Source.TEXT));
        return best.map(f -> f.value().display()).orElse(null);
    }

    private <T> T pick(String field, T typed, T coded, Source codedSource, Candidates<T> text, Map<String, Source> sources) {
        if (typed != null) {
            sources.put(field, Source.USER);
            return typed;
        }
        if (coded != null) {
            sources.put(field, codedSource);
            return coded;
        }
        Optional<T> fromText = clear(text);
        fromText.ifPresent(v -> sources.put(field, Source.TEXT));
        return fromText.orElse(null);
    }

    private <T> Optional<T> clear(Candidates<T> candidates) {
        return candidates.best().filter(f -> f.confidence() >= minConfidence).map(Finding::value);
    }

    /** The text's own reasons about one field (missing, ambiguous, unsure). */
    private List<ReviewReason> textReasons(TextFindings text, String field) {
        return text.reasons(minConfidence).stream().filter(r -> r.isAbout(field)).toList();
    }

    private static String describe(Source source) {
        return switch (source) {
            case USER -> "upload form";
            case LABEL -> "patient label";
            case BARCODE -> "separator sheet";
            default -> source.wire();
        };
    }
}
