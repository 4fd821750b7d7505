package org.chartvault.capture;

import java.util.Objects;

/**
 * One candidate value for one indexing field, with where it came from and how sure capture is of it.
 *
 * @param confidence 0..1: 1 for a checksummed barcode, lower for OCR text (and lower again for a guessed label)
 * @param evidence   what was seen, for the reviewer: e.g. {@code "MRN: 00573910" (page 1, line 4)}
 */
public record Finding<T>(T value, Source source, double confidence, String evidence) {

    public Finding {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        if (!(confidence >= 0 && confidence <= 1)) throw new IllegalArgumentException("confidence is 0..1, not " + confidence);
        evidence = evidence == null ? "" : evidence;
    }

    public Finding<T> withConfidence(double newConfidence) {
        return new Finding<>(value, source, newConfidence, evidence);
    }
}
