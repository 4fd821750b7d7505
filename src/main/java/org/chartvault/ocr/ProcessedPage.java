package org.chartvault.ocr;

import java.util.List;
import java.util.Objects;

import org.chartvault.document.PageContent;

/**
 * A page ready to store: {@code documents/<id>/pages/<n>.png}, {@code <n>.thumb.png} and {@code <n>.json}.
 *
 * @param imagePng     the upright, straightened page (1-bit PNG for black-and-white originals, else 8-bit gray),
 *                     at {@code content.dpi()}; word boxes in {@code content} refer to its pixels. Null for a
 *                     born-digital page read from a preview: its image is drawn from the original on demand
 * @param thumbnailPng a small gray PNG for page lists
 * @param content      size, resolution, text, words, confidence and what was done to the page
 * @param notes        things a person reviewing the page should know (estimated resolution, damaged file...)
 * @param timings      where the time went, for logs and the bench command
 */
public record ProcessedPage(byte[] imagePng, byte[] thumbnailPng, PageContent content, List<String> notes,
                            Timings timings) {
    public ProcessedPage {
        Objects.requireNonNull(thumbnailPng, "thumbnailPng");
        Objects.requireNonNull(content, "content");
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** Milliseconds spent per stage of one page. */
    public record Timings(long normalise, long orientation, long deskew, long ocr, long encode, long total) {
    }
}
