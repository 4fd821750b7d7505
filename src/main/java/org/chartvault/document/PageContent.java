package org.chartvault.document;

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
 */
public record PageContent(int number, int width, int height, int dpi, String source, int rotation, double skew,
                          Double confidence, String text, List<Word> words, boolean blank) {
    public static final String SOURCE_OCR = "ocr";
    public static final String SOURCE_TEXT_LAYER = "text-layer";

    public PageContent {
        words = words == null ? List.of() : List.copyOf(words);
        text = text == null ? "" : text;
    }
}
