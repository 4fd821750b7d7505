package org.chartvault.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.SampleModel;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;

import org.chartvault.imaging.UnreadableFileException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Node;

/**
 * TIFF (single and multi-page, CCITT G3/G4, LZW, JPEG...), PNG and JPEG files through ImageIO. Every page's size
 * is read from its header and checked before any pixel is decoded.
 */
final class ImageFilePageSource implements PageSource {
    private static final Logger log = LoggerFactory.getLogger(ImageFilePageSource.class);
    /** Decoded bytes per pixel allowed before conversion to gray: 16-bit RGBA is 8; more is not a scan. */
    private static final int MAX_BYTES_PER_PIXEL = 8;
    /** A cut-off file whose decoder got this far is kept (flagged) rather than refused. */
    private static final float SALVAGE_FROM_PERCENT = 25f;

    private final Path file;
    private final String contentType;
    private final PageLimits limits;
    private final ImageInputStream input;
    private final ImageReader reader;
    private final int pageCount;

    private ImageFilePageSource(Path file, String contentType, PageLimits limits, ImageInputStream input,
                                ImageReader reader, int pageCount) {
        this.file = file;
        this.contentType = contentType;
        this.limits = limits;
        this.input = input;
        this.reader = reader;
        this.pageCount = pageCount;
    }

    static ImageFilePageSource open(Path file, String contentType, PageLimits limits) throws UnreadableFileException {
        ImageInputStream input = null;
        ImageReader reader = null;
        try {
            input = ImageIO.createImageInputStream(file.toFile());
            if (input == null) throw new IOException("no image input stream for " + file);
            reader = readerFor(contentType);
            // PNG text chunks can be zlib bombs and are never needed: the resolution is read from pHYs directly
            reader.setInput(input, false, PNG.equals(contentType));
            int count = countPages(reader, contentType, limits);
            for (int i = 0; i < count; i++) {
                limits.checkPixels(reader.getWidth(i), reader.getHeight(i), pageName(count, i));
            }
            return new ImageFilePageSource(file, contentType, limits, input, reader, count);
        } catch (UnreadableFileException e) {
            closeQuietly(reader, input);
            throw e;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            closeQuietly(reader, input);
            log.debug("cannot open {} as {}", file, contentType, e);
            throw new UnreadableFileException(Reason.DAMAGED, "The " + formatName(contentType)
                    + " file is damaged: its header cannot be read.", e);
        }
    }

    private static ImageReader readerFor(String contentType) throws UnreadableFileException {
        String format = switch (contentType) {
            case TIFF -> "tiff";
            case PNG -> "png";
            default -> "jpeg";
        };
        ImageReader chosen = null;
        for (Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format); readers.hasNext(); ) {
            ImageReader candidate = readers.next();
            // the JDK's own readers (which include CCITT for TIFF) before plugins that also claim the format
            if (chosen == null || candidate.getClass().getName().startsWith("com.sun.imageio.")) chosen = candidate;
        }
        if (chosen == null) {
            throw new UnreadableFileException(Reason.UNSUPPORTED, "No reader for " + formatName(contentType) + " files is installed.");
        }
        return chosen;
    }

    private static int countPages(ImageReader reader, String contentType, PageLimits limits)
            throws IOException, UnreadableFileException {
        if (!TIFF.equals(contentType)) return 1;
        int count = 0;
        while (true) {
            try {
                reader.getWidth(count);
            } catch (IndexOutOfBoundsException endOfFile) {
                break;
            }
            if (++count > limits.maxPages()) {
                throw new UnreadableFileException(Reason.TOO_MANY_PAGES,
                        "The TIFF file has more than " + limits.maxPages() + " pages, the most one upload may have.");
            }
        }
        if (count == 0) throw new IOException("the TIFF file holds no image");
        return count;
    }

    @Override
    public int pageCount() {
        return pageCount;
    }

    @Override
    public SourcePage page(int number) throws UnreadableFileException {
        if (number < 1 || number > pageCount) {
            throw new IllegalArgumentException("page " + number + " of a " + pageCount + "-page file");
        }
        List<String> notes = new ArrayList<>();
        String name = pageName(pageCount, number - 1);
        try {
            Scan scan = scan(number, notes);
            BufferedImage raw = scan.image();
            Resolution resolution = scan.resolution();
            boolean bitonal = PageImages.isBitonal(raw);
            BufferedImage gray = PageImages.toGray(raw);
            raw = null;
            int dpi = resolution.squareDpi();
            if (resolution.anisotropic()) {
                gray = PageImages.scale(gray, dpi / resolution.x(), dpi / resolution.y());
                notes.add(String.format("Resampled from %.0f x %.0f DPI to square pixels.", resolution.x(), resolution.y()));
            }
            return new SourcePage(number, gray, dpi, bitonal, SourcePage.Origin.IMAGE_FILE, List.of(), 0, notes);
        } catch (RuntimeException | StackOverflowError e) {
            log.debug("cannot convert {} of {}", name, file, e);
            throw new UnreadableFileException(Reason.DAMAGED, name + " is damaged and cannot be decoded.", e);
        } catch (OutOfMemoryError e) {
            throw new UnreadableFileException(Reason.PAGE_TOO_LARGE, name + " needs more memory to decode than is allowed.");
        }
    }

    /** A page's pixels as the file holds them (colour, depth and resolution kept), for copying the page as it is. */
    record Scan(BufferedImage image, Resolution resolution) {
    }

    /** The page decoded, not yet turned gray; notes say what a person checking it should know. */
    Scan scan(int number, List<String> notes) throws UnreadableFileException {
        if (number < 1 || number > pageCount) {
            throw new IllegalArgumentException("page " + number + " of a " + pageCount + "-page file");
        }
        int index = number - 1;
        String name = pageName(pageCount, index);
        try {
            int width = reader.getWidth(index);
            int height = reader.getHeight(index);
            limits.checkPixels(width, height, name);
            BufferedImage raw = decode(index, width, height, name, notes);
            Resolution resolution = Resolution.of(raw.getWidth(), raw.getHeight(), declaredDpi(index, true),
                    declaredDpi(index, false));
            if (resolution.note() != null) notes.add(resolution.note());
            return new Scan(raw, resolution);
        } catch (UnreadableFileException e) {
            throw e;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            log.debug("cannot decode {} of {}", name, file, e);
            throw new UnreadableFileException(Reason.DAMAGED, name + " is damaged and cannot be decoded.", e);
        } catch (OutOfMemoryError e) {
            // one oversized allocation by the decoder failed; nothing else was using that memory
            throw new UnreadableFileException(Reason.PAGE_TOO_LARGE, name + " needs more memory to decode than is allowed.");
        }
    }

    private BufferedImage decode(int index, int width, int height, String name, List<String> notes)
            throws IOException, UnreadableFileException {
        ImageTypeSpecifier type = reader.getRawImageType(index);
        if (type == null) {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(index);
            type = types.hasNext() ? types.next() : null;
        }
        if (type == null) {
            throw new UnreadableFileException(Reason.UNSUPPORTED, name + " uses a pixel format ChartVault cannot read.");
        }
        SampleModel model = type.getSampleModel(1, 1);
        int bitsPerPixel = 0;
        for (int size : model.getSampleSize()) bitsPerPixel += size;
        if (bitsPerPixel > 8 * MAX_BYTES_PER_PIXEL) {
            throw new UnreadableFileException(Reason.UNSUPPORTED, name + " has " + model.getNumBands()
                    + " channels of " + bitsPerPixel + " bits per pixel; scans have at most 4.");
        }
        BufferedImage destination = type.createBufferedImage(width, height);
        ImageReadParam param = reader.getDefaultReadParam();
        param.setDestination(destination);
        float[] progress = {0};
        IIOReadProgressListener listener = new ProgressRecorder(progress);
        reader.addIIOReadProgressListener(listener);
        try {
            return reader.read(index, param);
        } catch (IOException | RuntimeException e) {
            if (progress[0] < SALVAGE_FROM_PERCENT) throw e;
            log.info("{} of {} is cut off after {}%: keeping what was decoded", name, file, (int) progress[0]);
            notes.add(String.format("The file is damaged: only about %d%% of the page could be decoded.", (int) progress[0]));
            return destination;
        } finally {
            reader.removeIIOReadProgressListener(listener);
        }
    }

    /** Declared resolution along one axis in DPI, or NaN when the file states none. */
    private double declaredDpi(int index, boolean horizontal) {
        try {
            if (PNG.equals(contentType)) {
                double[] dpi = pngPhysicalDpi(file);
                return dpi == null ? Double.NaN : dpi[horizontal ? 0 : 1];
            }
            IIOMetadata metadata = reader.getImageMetadata(index);
            if (metadata == null || !metadata.isStandardMetadataFormatSupported()) return Double.NaN;
            Node root = metadata.getAsTree("javax_imageio_1.0");
            String wanted = horizontal ? "HorizontalPixelSize" : "VerticalPixelSize";
            for (Node dimension = root.getFirstChild(); dimension != null; dimension = dimension.getNextSibling()) {
                if (!"Dimension".equals(dimension.getNodeName())) continue;
                for (Node child = dimension.getFirstChild(); child != null; child = child.getNextSibling()) {
                    if (!wanted.equals(child.getNodeName())) continue;
                    Node value = child.getAttributes().getNamedItem("value");
                    double millimetresPerPixel = Double.parseDouble(value.getNodeValue());
                    return millimetresPerPixel > 0 ? 25.4 / millimetresPerPixel : Double.NaN;
                }
            }
            return Double.NaN;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The pHYs chunk of a PNG in DPI (x, y), or null when absent or not in metres; stops at the image data. */
    static double[] pngPhysicalDpi(Path png) throws IOException {
        try (InputStream raw = Files.newInputStream(png); DataInputStream in = new DataInputStream(raw)) {
            in.skipNBytes(8);
            while (true) {
                int length = in.readInt();
                String type = new String(in.readNBytes(4), java.nio.charset.StandardCharsets.US_ASCII);
                if ("pHYs".equals(type) && length == 9) {
                    long x = in.readInt() & 0xffffffffL;
                    long y = in.readInt() & 0xffffffffL;
                    int unit = in.readUnsignedByte();
                    return unit == 1 && x > 0 && y > 0 ? new double[]{x * 0.0254, y * 0.0254} : null;
                }
                if ("IDAT".equals(type) || "IEND".equals(type) || length < 0) return null;
                in.skipNBytes(length + 4L);
            }
        } catch (EOFException e) {
            return null;
        }
    }

    private static String pageName(int pageCount, int index) {
        return pageCount == 1 ? "The image" : "Page " + (index + 1);
    }

    private static String formatName(String contentType) {
        return switch (contentType) {
            case TIFF -> "TIFF";
            case PNG -> "PNG";
            default -> "JPEG";
        };
    }

    @Override
    public void close() {
        closeQuietly(reader, input);
    }

    private static void closeQuietly(ImageReader reader, ImageInputStream input) {
        if (reader != null) reader.dispose();
        if (input != null) {
            try {
                input.close();
            } catch (IOException e) {
                log.debug("closing an image stream failed", e);
            }
        }
    }

    /** Remembers how far the decoder got, so that a cut-off scan can be kept. */
    private record ProgressRecorder(float[] percent) implements IIOReadProgressListener {
        @Override
        public void imageProgress(ImageReader source, float percentageDone) {
            percent[0] = Math.max(percent[0], percentageDone);
        }

        @Override
        public void sequenceStarted(ImageReader source, int minIndex) {
        }

        @Override
        public void sequenceComplete(ImageReader source) {
        }

        @Override
        public void imageStarted(ImageReader source, int imageIndex) {
        }

        @Override
        public void imageComplete(ImageReader source) {
            percent[0] = 100;
        }

        @Override
        public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {
        }

        @Override
        public void thumbnailProgress(ImageReader source, float percentageDone) {
        }

        @Override
        public void thumbnailComplete(ImageReader source) {
        }

        @Override
        public void readAborted(ImageReader source) {
        }
    }
}
