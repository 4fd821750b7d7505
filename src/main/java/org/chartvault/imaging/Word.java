package org.chartvault.imaging;

/**
 * One recognised word and where it sits on the stored (upright, deskewed) page image, in pixels.
 * {@code confidence} is 0..100 as Tesseract reports it; 100 for words taken from a PDF text layer.
 * {@code line} numbers the text lines of the page from 0, so the text can be rebuilt line by line.
 */
public record Word(String text, int x, int y, int width, int height, float confidence, int line) {
}
