package org.chartvault.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.DataBufferByte;
import java.awt.image.Kernel;
import java.awt.image.WritableRaster;
import java.util.Random;

/** Pixel work behind {@link Degradation} and {@link BlankPages}; every method returns a new image. */
final class Pixels {
    private Pixels() {
    }

    /** A private 8-bit gray copy of any image (bitonal 0/1 becomes 0/255). */
    static BufferedImage gray(BufferedImage source) {
        BufferedImage gray = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = gray.createGraphics();
        g.drawImage(source, 0, 0, null);
        g.dispose();
        return gray;
    }

    static BufferedImage whiteGray(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        java.util.Arrays.fill(bytes(image), (byte) 255);
        return image;
    }

    /** The backing array of a TYPE_BYTE_GRAY image made here: one byte per pixel, rows without padding. */
    static byte[] bytes(BufferedImage gray) {
        return ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
    }

    static BufferedImage rotateQuarters(BufferedImage source, int degreesClockwise) {
        int w = source.getWidth(), h = source.getHeight();
        BufferedImage out = degreesClockwise == 180
                ? new BufferedImage(w, h, source.getType()) : new BufferedImage(h, w, source.getType());
        WritableRaster from = source.getRaster(), to = out.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = from.getSample(x, y, 0);
                switch (degreesClockwise) {
                    case 90 -> to.setSample(h - 1 - y, x, 0, v);
                    case 180 -> to.setSample(w - 1 - x, h - 1 - y, 0, v);
                    case 270 -> to.setSample(y, w - 1 - x, 0, v);
                    default -> throw new IllegalArgumentException("not a quarter turn: " + degreesClockwise);
                }
            }
        }
        return out;
    }

    static BufferedImage skew(BufferedImage source, double degrees) {
        BufferedImage out = whiteGray(source.getWidth(), source.getHeight());
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.rotate(Math.toRadians(degrees), source.getWidth() / 2.0, source.getHeight() / 2.0);
        g.drawImage(gray(source), 0, 0, null);
        g.dispose();
        return keepKind(source, out);
    }

    static BufferedImage gaussianNoise(BufferedImage source, double sigma, long seed) {
        BufferedImage out = gray(source);
        byte[] px = bytes(out);
        Random random = Seeds.random(seed, 0);
        for (int i = 0; i < px.length; i++) {
            px[i] = clamp((px[i] & 0xff) + random.nextGaussian() * sigma);
        }
        return out;
    }

    static BufferedImage saltAndPepper(BufferedImage source, double fraction, long seed) {
        BufferedImage out = gray(source);
        byte[] px = bytes(out);
        Random random = Seeds.random(seed, 0);
        long hits = Math.round(px.length * fraction);
        for (long i = 0; i < hits; i++) {
            px[random.nextInt(px.length)] = random.nextBoolean() ? (byte) 0 : (byte) 255;
        }
        return keepKind(source, out);
    }

    static BufferedImage blur(BufferedImage source, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] weights = new float[2 * radius + 1];
        float sum = 0;
        for (int i = -radius; i <= radius; i++) {
            weights[i + radius] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += weights[i + radius];
        }
        for (int i = 0; i < weights.length; i++) weights[i] /= sum;
        BufferedImage gray = gray(source);
        // a Gaussian is separable: one pass across, one pass down
        BufferedImage across = new ConvolveOp(new Kernel(weights.length, 1, weights), ConvolveOp.EDGE_NO_OP, null)
                .filter(gray, null);
        return new ConvolveOp(new Kernel(1, weights.length, weights), ConvolveOp.EDGE_NO_OP, null).filter(across, null);
    }

    static BufferedImage binarize(BufferedImage source, int threshold) {
        BufferedImage gray = gray(source);
        int w = gray.getWidth(), h = gray.getHeight(), stride = (w + 7) / 8;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY);
        byte[] in = bytes(gray), bits = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if ((in[y * w + x] & 0xff) >= threshold) bits[y * stride + (x >> 3)] |= (byte) (0x80 >> (x & 7));
            }
        }
        return out;
    }

    static BufferedImage resample(BufferedImage source, double scaleX, double scaleY) {
        int w = Math.max(1, (int) Math.round(source.getWidth() * scaleX));
        int h = Math.max(1, (int) Math.round(source.getHeight() * scaleY));
        BufferedImage out = whiteGray(w, h);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(gray(source), 0, 0, w, h, null);
        g.dispose();
        return keepKind(source, out);
    }

    /** Mirror image, left to right: what shows through from the other side of the sheet. */
    static BufferedImage mirror(BufferedImage source) {
        BufferedImage out = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        g.drawImage(source, source.getWidth(), 0, -source.getWidth(), source.getHeight(), null);
        g.dispose();
        return out;
    }

    /** Scales the darkness of every pixel: 0.1 turns black type into a faint gray ghost. */
    static BufferedImage fade(BufferedImage source, double darkness) {
        BufferedImage out = gray(source);
        byte[] px = bytes(out);
        for (int i = 0; i < px.length; i++) px[i] = clamp(255 - (255 - (px[i] & 0xff)) * darkness);
        return out;
    }

    static Graphics2D draw(BufferedImage image, int gray) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(gray, gray, gray));
        return g;
    }

    private static BufferedImage keepKind(BufferedImage source, BufferedImage gray) {
        return source.getType() == BufferedImage.TYPE_BYTE_BINARY ? binarize(gray, 128) : gray;
    }

    private static byte clamp(double value) {
        return (byte) Math.max(0, Math.min(255, (int) Math.round(value)));
    }
}
