package org.chartvault.index;

/** A matching word's box on the stored page image, in pixels. */
public record HitBox(int x, int y, int width, int height, String word) {
}
