package org.chartvault.document;

import org.chartvault.imaging.Word;

import java.util.List;

/**
 * Everything ChartVault derived from one page, stored as {@code documents/<id>/pages/<n>.json}.
 *
 * @param number     1-based page number within the document
 * @param width      width of the stored page image in pixels
 * @param height     height of the stored page image in pixels
 * @param dpi        resolution of the stored page image
 * @param source     {@code ocr} or {@code text-layer} (born-digital PDF text, not OCR'd)
 * @param rotation   degrees clockwise the scan was turned to make it upright (0, 90, 180, 270)
 * @param skew       degrees the scan was deskewed by
 * @param confidence mean word confidence 0..100, or null for a page without words
 * @param text       the page text, line by line
 * @param words      every word with its box
 * @param blank      true when the page was judged blank (kept in the original, left out of search)
 *                   <p>A field added here must also be read by {@link StoredPageText}, which reads pages for the
 *                   reindex field by field, without their words.
 */
public record PageContent(int number, int width, int height, int dpi, String source, int rotation, double skew,
                          Double confidence, String text, List<Word> words, boolean blank) {
    public static final String SOURCE_OCR = "ocr";
    public static final String SOURCE_TEXT_LAYER = "text-layer";
    /** The page could not be read (damaged, or OCR did not finish in time): no image, no text. */
    public static final String SOURCE_FAILED = "failed";

    public PageContent {
        words = words == null ? List.of() : List.copyOf(words);
        text = text == null ? "" : text;
    }

    /** A page that could not be read, recorded so that processing again does not retry it forever. */
    public static PageContent failed(int number) {
        return new PageContent(number, 0, 0, 0, SOURCE_FAILED, 0, 0, null, "", List.of(), false);
    }

    /** The same page as page {@code newNumber} (copied to another document, or moved within one). */
    public PageContent renumbered(int newNumber) {
        return new PageContent(newNumber, width, height, dpi, source, rotation, skew, confidence, text, words, blank);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isFailed() {
        return SOURCE_FAILED.equals(source);
    }

    /** Belongs in search, the searchable PDF and releases: read, and not a blank back of a sheet. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isSearchable() {
        return !blank && !isFailed();
    }
}
