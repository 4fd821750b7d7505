package org.chartvault.capture;

import com.google.zxing.LuminanceSource;

/**
 * A gray page (or a rectangle of it) as ZXing reads it, without copying pixels. Crops are views; a quarter
 * turn (the 1D readers try bars across the page) is a view too, reading columns as rows, so a page without
 * barcodes costs no copy of its 8 million pixels.
 */
final class GrayLuminance extends LuminanceSource {
    private final byte[] pixels;
    private final int stride, left, top;
    private final boolean turned;   // true: this image is the rectangle turned a quarter counter-clockwise

    GrayLuminance(byte[] pixels, int width, int height) {
        this(pixels, width, 0, 0, width, height, false);
    }

    /** {@code width x height} are this image's; {@code left, top} place the (unturned) rectangle in the pixels. */
    private GrayLuminance(byte[] pixels, int stride, int left, int top, int width, int height, boolean turned) {
        super(width, height);
        this.pixels = pixels;
        this.stride = stride;
        this.left = left;
        this.top = top;
        this.turned = turned;
    }

    @Override
    public byte[] getRow(int y, byte[] row) {
        if (y < 0 || y >= getHeight()) throw new IllegalArgumentException("row " + y + " is outside the image");
        int width = getWidth();
        if (row == null || row.length < width) row = new byte[width];
        if (!turned) {
            System.arraycopy(pixels, (top + y) * stride + left, row, 0, width);
        } else {
            // row y of the turned image is column (sourceWidth - 1 - y) of the source, read top to bottom
            int column = left + getHeight() - 1 - y;
            for (int x = 0; x < width; x++) row[x] = pixels[(top + x) * stride + column];
        }
        return row;
    }

    @Override
    public byte[] getMatrix() {
        int width = getWidth(), height = getHeight();
        if (!turned && left == 0 && top == 0 && width == stride && pixels.length == width * height) return pixels;
        byte[] matrix = new byte[width * height];
        byte[] row = new byte[width];
        for (int y = 0; y < height; y++) System.arraycopy(getRow(y, row), 0, matrix, y * width, width);
        return matrix;
    }

    @Override
    public boolean isCropSupported() {
        return !turned;
    }

    @Override
    public LuminanceSource crop(int x, int y, int width, int height) {
        if (turned) throw new UnsupportedOperationException("crop before turning");
        return new GrayLuminance(pixels, stride, left + x, top + y, width, height, false);
    }

    @Override
    public boolean isRotateSupported() {
        return !turned;
    }

    @Override
    public LuminanceSource rotateCounterClockwise() {
        if (turned) throw new UnsupportedOperationException("turned once already");
        return new GrayLuminance(pixels, stride, left, top, getHeight(), getWidth(), true);
    }
}
