package org.chartvault.imaging;

import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceRGB;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.chartvault.imaging.PdfPageInspector.PlacedImage;
import org.chartvault.imaging.PdfPageInspector.TextWord;
import org.chartvault.imaging.UnreadableFileException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PDF pages through PDFBox. Per page, in this order:
 * <ol>
 * <li>a real text layer (born-digital page): rendered for display, words taken from the text layer;</li>
 * <li>one scanned image filling the page: that image itself, at its own resolution and bit depth, turned the way
 * the page displays it (/Rotate and the placement matrix), resampled to square pixels if needed;</li>
 * <li>anything else: rendered in gray at 300 DPI.</li>
 * </ol>
 * <b>What counts as a real text layer.</b> Visible text on a page that is not a scan. Text in render mode 3 or 7
 * (the invisible layer OCR tools leave behind) does not count: it is someone else's OCR of unknown quality. A page
 * that is mostly one scanned image (an image covering half the page or more) is OCR'd whatever text is drawn on it,
 * because the words printed in the scan exist only in its pixels: a Bates number, a "COPY" stamp, a fax header or
 * typed entries over a scanned form are read from the rendered page together with the scan. Any other page needs
 * {@value #MIN_GLYPHS} visible letters or digits; less is a page number or a lone heading, which OCR of the
 * rendered page finds as well.
 * <p>
 * Images are never decoded before their declared size has been checked, including the size inside JBIG2, JPEG and
 * JPEG 2000 data, which may differ from what the PDF says.
 */
final class PdfPageSource implements PageSource {
    private static final Logger log = LoggerFactory.getLogger(PdfPageSource.class);

    /** Resolution pages are rendered at: Tesseract's sweet spot, and the norm for archival scans. */
    static final float RENDER_DPI = 300;
    /**
     * Resolution of the preview a born-digital page is read with at ingest: a thumbnail is 200 pixels wide, and a
     * letter page at 48 DPI is 408, so the thumbnail is made by halving as from a full-size page.
     */
    static final float PREVIEW_DPI = 48;
    /** Letters or digits that make a born-digital page: more than a page number or a lone heading. */
    static final int MIN_GLYPHS = 20;
    /** An image covering at least this share of the page makes it a scan. */
    private static final double SCAN_COVERAGE = 0.5;
    /** An image covering at least this share of the page, and nothing else drawn, is the page. */
    private static final double FULL_PAGE_COVERAGE = 0.9;
    /** A scan placed at more than this slant is rendered rather than taken straight. */
    private static final double MAX_PLACEMENT_SLANT_DEGREES = 10;
    /** Decoded PDF streams beyond this stay in a temporary file, so a Flate bomb cannot fill the heap. */
    private static final long STREAM_MEMORY_BYTES = 32L << 20;
    /** ... and at most this in temporary files: a page whose streams decode to more fails as damaged. */
    private static final long STREAM_STORAGE_BYTES = 2L << 30;
    /** Filters that belong to images: a content stream encoded with one is an attack, not a page. */
    private static final Set<COSName> IMAGE_FILTERS = Set.of(COSName.DCT_DECODE, COSName.DCT_DECODE_ABBREVIATION,
            COSName.JBIG2_DECODE, COSName.JPX_DECODE, COSName.CCITTFAX_DECODE, COSName.CCITTFAX_DECODE_ABBREVIATION);

    private final Path file;
    private final PDDocument document;
    private final List<PDPage> pages;
    private final PageLimits limits;
    private final PDFRenderer renderer;

    private PdfPageSource(Path file, PDDocument document, List<PDPage> pages, PageLimits limits) {
        this.file = file;
        this.document = document;
        this.pages = pages;
        this.limits = limits;
        this.renderer = new PDFRenderer(document);
    }

    static PdfPageSource open(Path file, PageLimits limits) throws UnreadableFileException {
        PDDocument document;
        try {
            // empty user password: files protected only by an owner password (or an empty one) open without asking
            document = Loader.loadPDF(file.toFile(), "", null, null,
                    MemoryUsageSetting.setupMixed(STREAM_MEMORY_BYTES, STREAM_STORAGE_BYTES).streamCache);
        } catch (InvalidPasswordException e) {
            throw new UnreadableFileException(Reason.ENCRYPTED,
                    "The PDF is protected by a password. Remove the protection and upload it again.", e);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            log.debug("cannot open {}", file, e);
            throw new UnreadableFileException(Reason.DAMAGED, "The PDF is damaged: its structure cannot be read.", e);
        }
        try {
            List<PDPage> pages = new ArrayList<>();
            // walk the page tree (PDFBox skips loops) instead of trusting /Count, which may say 9999999999
            for (PDPage page : document.getPages()) {
                pages.add(page);
                if (pages.size() > limits.maxPages()) {
                    throw new UnreadableFileException(Reason.TOO_MANY_PAGES,
                            "The PDF has more than " + limits.maxPages() + " pages, the most one upload may have.");
                }
            }
            if (pages.isEmpty()) {
                throw new UnreadableFileException(Reason.DAMAGED, "The PDF is damaged: it contains no pages.");
            }
            return new PdfPageSource(file, document, pages, limits);
        } catch (UnreadableFileException e) {
            closeQuietly(document);
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            closeQuietly(document);
            log.debug("cannot walk the page tree of {}", file, e);
            throw new UnreadableFileException(Reason.DAMAGED, "The PDF is damaged: its page list cannot be read.", e);
        }
    }

    @Override
    public int pageCount() {
        return pages.size();
    }

    @Override
    public SourcePage page(int number) throws UnreadableFileException {
        return page(number, false);
    }

    @Override
    public SourcePage pageForIngest(int number) throws UnreadableFileException {
        return page(number, true);
    }

    private SourcePage page(int number, boolean textOnlyAsPreview) throws UnreadableFileException {
        if (number < 1 || number > pages.size()) {
            throw new IllegalArgumentException("page " + number + " of a " + pages.size() + "-page PDF");
        }
        PDPage page = pages.get(number - 1);
        String name = "Page " + number;
        try {
            checkContentFilters(page, name);
            PdfPageInspector inspection = PdfPageInspector.inspect(document, page, number);
            for (PlacedImage image : inspection.images()) checkImage(image.dictionary(), name);
            List<String> notes = new ArrayList<>();
            if (inspection.invisibleGlyphs() > 0) {
                notes.add("The page carries an invisible text layer from another program; it was OCR'd again.");
            }
            if (hasRealTextLayer(page, inspection)) {
                return textLayerPage(number, page, inspection, notes, textOnlyAsPreview && showsOnlyText(inspection));
            }
            PlacedImage scan = fullPageScan(page, inspection);
            if (scan != null) {
                SourcePage taken = scannedImagePage(number, scan, notes);
                if (taken != null) return taken;
            }
            float dpi = renderDpi(page, name);
            return new SourcePage(number, render(page, dpi), Math.round(dpi), false, SourcePage.Origin.PDF_RENDERED,
                    List.of(), 0, notes);
        } catch (UnreadableFileException e) {
            throw e;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            log.debug("cannot read page {} of {}", number, file, e);
            throw new UnreadableFileException(Reason.DAMAGED, name + " of the PDF is damaged and cannot be read.", e);
        } catch (OutOfMemoryError e) {
            // one oversized allocation inside PDFBox failed (a bomb we did not recognise); the heap is intact
            throw new UnreadableFileException(Reason.PAGE_TOO_LARGE, name + " needs more memory to draw than is allowed.");
        }
    }

    private static void checkContentFilters(PDPage page, String name) throws UnreadableFileException {
        COSBase contents = page.getCOSObject().getDictionaryObject(COSName.CONTENTS);
        List<COSStream> streams = new ArrayList<>();
        if (contents instanceof COSStream stream) streams.add(stream);
        if (contents instanceof COSArray array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.getObject(i) instanceof COSStream stream) streams.add(stream);
            }
        }
        for (COSStream stream : streams) {
            for (COSName filter : new PDStream(stream).getFilters()) {
                if (IMAGE_FILTERS.contains(filter)) {
                    throw new UnreadableFileException(Reason.DAMAGED, name + " of the PDF is damaged: its content is"
                            + " encoded as an image (" + filter.getName() + "), which is not valid PDF.");
                }
            }
        }
    }

    /** Refuses an image whose declared size, or the size stated inside its compressed data, is over the limit. */
    private void checkImage(COSDictionary image, String name) throws IOException, UnreadableFileException {
        String what = "An image on " + name.toLowerCase(Locale.ROOT);
        limits.checkPixels(image.getInt(COSName.WIDTH, image.getInt(COSName.W, -1)),
                image.getInt(COSName.HEIGHT, image.getInt(COSName.H, -1)), what);
        if (image.getDictionaryObject(COSName.SMASK) instanceof COSStream mask) checkImage(mask, name);
        if (!(image instanceof COSStream stream)) return;
        PDStream pdStream = new PDStream(stream);
        List<COSName> filters = pdStream.getFilters();
        if (filters.isEmpty()) return;
        if (filters.contains(COSName.CCITTFAX_DECODE) || filters.contains(COSName.CCITTFAX_DECODE_ABBREVIATION)) {
            // the fax decoder sizes its buffer from /Columns of the decode parameters, not from /Width
            COSDictionary parameters = ccittParameters(image);
            if (parameters != null) {
                limits.checkPixels(parameters.getInt(COSName.COLUMNS, 1728),
                        Math.max(1, image.getInt(COSName.HEIGHT, image.getInt(COSName.H, 1))), what);
            }
        }
        COSName last = filters.get(filters.size() - 1);
        String format = COSName.JBIG2_DECODE.equals(last) ? "jbig2"
                : COSName.DCT_DECODE.equals(last) || COSName.DCT_DECODE_ABBREVIATION.equals(last) ? "jpeg"
                : COSName.JPX_DECODE.equals(last) ? "jpeg2000" : null;
        if (format == null) return;
        // decode only the filters before the image codec, then read the codec's own header
        try (InputStream data = pdStream.createInputStream(List.of(last.getName()));
             ImageInputStream header = new MemoryCacheImageInputStream(data)) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
            if (!readers.hasNext()) return;
            ImageReader reader = readers.next();
            try {
                reader.setInput(header, true, true);
                limits.checkPixels(reader.getWidth(0), reader.getHeight(0), what);
            } finally {
                reader.dispose();
            }
        }
    }

    private static COSDictionary ccittParameters(COSDictionary image) {
        COSBase parameters = image.getDictionaryObject(COSName.DECODE_PARMS, COSName.DP);
        if (parameters instanceof COSDictionary dictionary) return dictionary;
        if (parameters instanceof COSArray array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.getObject(i) instanceof COSDictionary dictionary && dictionary.containsKey(COSName.COLUMNS)) {
                    return dictionary;
                }
            }
        }
        return null;
    }

    private static boolean hasRealTextLayer(PDPage page, PdfPageInspector inspection) {
        for (PlacedImage image : inspection.images()) {
            if (coverage(image.bounds(), displayBox(page)) >= SCAN_COVERAGE) return false;
        }
        long letters = 0;
        for (TextWord word : inspection.words()) {
            letters += word.text().codePoints().filter(Character::isLetterOrDigit).count();
        }
        return letters >= MIN_GLYPHS;
    }

    /** The one image that is the whole page, or null when there is anything else to see. */
    private static PlacedImage fullPageScan(PDPage page, PdfPageInspector inspection) {
        if (inspection.images().size() != 1 || inspection.painted() || inspection.inlineImages() > 0) return null;
        PlacedImage image = inspection.images().get(0);
        if (image.visibleGlyphsBefore() < inspection.visibleGlyphs()) return null; // text drawn over the scan
        if (image.image().isStencil()) return null;
        return coverage(image.bounds(), displayBox(page)) >= FULL_PAGE_COVERAGE ? image : null;
    }

    /** The scanned image as the page shows it, or null when its placement is too odd to take it directly. */
    private SourcePage scannedImagePage(int number, PlacedImage scan, List<String> notes) throws IOException {
        int width = scan.width();
        int height = scan.height();
        // pixel (u, v) of the image, v downwards, to display points: PDF maps the image's top row to y = 1
        AffineTransform pixelToDisplay = new AffineTransform(scan.unitToDisplay());
        pixelToDisplay.concatenate(new AffineTransform(1.0 / width, 0, 0, -1.0 / height, 0, 1));
        if (pixelToDisplay.getDeterminant() <= 0) return null; // mirrored: let the renderer deal with it
        double angle = Math.toDegrees(Math.atan2(pixelToDisplay.getShearY(), pixelToDisplay.getScaleX()));
        int quarterTurns = (int) Math.round(angle / 90);
        double slant = angle - 90.0 * quarterTurns;
        if (Math.abs(slant) > MAX_PLACEMENT_SLANT_DEGREES) return null;
        // points per image pixel along the image's own axes
        double pointsPerPixelX = Math.hypot(pixelToDisplay.getScaleX(), pixelToDisplay.getShearY());
        double pointsPerPixelY = Math.hypot(pixelToDisplay.getShearX(), pixelToDisplay.getScaleY());

        boolean bitonal = scan.image().getBitsPerComponent() == 1;
        BufferedImage gray = decodeDirectly(scan.image());
        if (gray == null) gray = PageImages.toGray(scan.image().getImage());
        // the decoded data may hold more or fewer pixels than the dictionary says; it is what fills the page
        double dpiAcross = 72 / pointsPerPixelX * gray.getWidth() / width;
        double dpiDown = 72 / pointsPerPixelY * gray.getHeight() / height;
        gray = PageImages.rotateQuarterTurns(gray, quarterTurns);
        if (quarterTurns % 2 != 0) {
            double swap = dpiAcross;
            dpiAcross = dpiDown;
            dpiDown = swap;
        }
        Resolution resolution = new Resolution(dpiAcross, dpiDown, null);
        int dpi = resolution.squareDpi();
        if (resolution.anisotropic()) {
            gray = PageImages.scale(gray, dpi / dpiAcross, dpi / dpiDown);
            notes.add(String.format("Resampled from %.0f x %.0f DPI to square pixels.", dpiAcross, dpiDown));
        }
        if (Math.abs(slant) > 0.05) {
            notes.add(String.format("The scan was placed %.1f degrees aslant on the page; it was taken straight.", slant));
        }
        return new SourcePage(number, gray, dpi, bitonal, SourcePage.Origin.PDF_SCANNED_IMAGE, List.of(), -slant, notes);
    }

    /**
     * The image decoded without PDFBox's conversion of every page to RGB (a second or more for a 300 DPI page):
     * 8-bit DeviceGray straight from its decoded stream, and gray or RGB JPEG through ImageIO. Null for any other
     * kind of image, which then goes through PDFBox.
     */
    private static BufferedImage decodeDirectly(PDImageXObject image) throws IOException {
        COSDictionary dictionary = image.getCOSObject();
        if (image.getBitsPerComponent() != 8 || dictionary.getDictionaryObject(COSName.DECODE) != null
                || dictionary.getDictionaryObject(COSName.SMASK) != null
                || dictionary.getDictionaryObject(COSName.MASK) != null) {
            return null;
        }
        List<COSName> filters = image.getStream().getFilters();
        COSName last = filters.isEmpty() ? null : filters.get(filters.size() - 1);
        boolean jpeg = COSName.DCT_DECODE.equals(last) || COSName.DCT_DECODE_ABBREVIATION.equals(last);
        if (filters.stream().filter(IMAGE_FILTERS::contains).count() > (jpeg ? 1 : 0)) return null;
        var colorSpace = image.getColorSpace();
        if (jpeg && (colorSpace == PDDeviceGray.INSTANCE || colorSpace == PDDeviceRGB.INSTANCE)) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
            try (InputStream data = image.getStream().createInputStream(List.of(last.getName()));
                 ImageInputStream jpegData = new MemoryCacheImageInputStream(data)) {
                reader.setInput(jpegData, true, true);
                return PageImages.toGray(reader.read(0));
            } finally {
                reader.dispose();
            }
        }
        if (jpeg || colorSpace != PDDeviceGray.INSTANCE) return null;
        BufferedImage gray = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = PageImages.pixels(gray);
        try (InputStream data = image.createInputStream()) {
            int read = data.readNBytes(pixels, 0, pixels.length);
            if (read < pixels.length) Arrays.fill(pixels, read, pixels.length, (byte) 0xff);
        }
        return gray;
    }

    /**
     * The born-digital page: rendered at {@code dpi}, or (preview) only its size worked out and a small copy drawn,
     * enough for the thumbnail: most born-digital pages are never looked at, and drawing and storing the full page
     * was most of their ingest time.
     */
    private SourcePage textLayerPage(int number, PDPage page, PdfPageInspector inspection, List<String> notes,
                                     boolean preview) throws IOException, UnreadableFileException {
        float dpi = renderDpi(page, "Page " + number);
        BufferedImage image;
        SourcePage.Size fullSize = null;
        int width, height;
        if (preview) {
            fullSize = renderedSize(page, dpi);
            width = fullSize.width();
            height = fullSize.height();
            image = render(page, Math.min(dpi, PREVIEW_DPI));
        } else {
            image = render(page, dpi);
            width = image.getWidth();
            height = image.getHeight();
        }
        double scale = dpi / 72.0;
        List<Word> words = new ArrayList<>();
        for (TextWord word : inspection.words()) {
            Rectangle2D box = word.box();
            int x0 = clamp((int) Math.floor(box.getMinX() * scale), width);
            int y0 = clamp((int) Math.floor(box.getMinY() * scale), height);
            int x1 = clamp((int) Math.ceil(box.getMaxX() * scale), width);
            int y1 = clamp((int) Math.ceil(box.getMaxY() * scale), height);
            if (x1 <= x0 || y1 <= y0) continue; // off the visible page
            words.add(new Word(word.text(), x0, y0, x1 - x0, y1 - y0, 100f, word.line()));
        }
        return new SourcePage(number, image, Math.round(dpi), false, SourcePage.Origin.PDF_TEXT_LAYER, words, 0, notes,
                fullSize);
    }

    /** Nothing drawn but text: no image (a scanned label, a logo with a barcode) and no lines or shapes. */
    private static boolean showsOnlyText(PdfPageInspector inspection) {
        return inspection.images().isEmpty() && inspection.inlineImages() == 0 && !inspection.painted();
    }

    /** The size {@link #render} gives the page at {@code dpi}, worked out the way PDFRenderer works it out. */
    private static SourcePage.Size renderedSize(PDPage page, float dpi) {
        PDRectangle cropBox = page.getCropBox();
        float scale = dpi / 72f;
        int width = (int) Math.max(Math.floor(cropBox.getWidth() * scale), 1);
        int height = (int) Math.max(Math.floor(cropBox.getHeight() * scale), 1);
        int rotation = rotationOf(page);
        return rotation == 90 || rotation == 270 ? new SourcePage.Size(height, width) : new SourcePage.Size(width, height);
    }

    /** 300 DPI, or less for a page so large that 300 DPI would exceed the pixel limit. */
    private float renderDpi(PDPage page, String name) throws UnreadableFileException {
        Rectangle2D box = displayBox(page);
        double squareInches = (box.getWidth() / 72) * (box.getHeight() / 72);
        if (!(squareInches > 0)) {
            throw new UnreadableFileException(Reason.DAMAGED, name + " of the PDF has no area to draw.");
        }
        double fitting = Math.sqrt(limits.maxPixelsPerPage() / squareInches);
        return (float) Math.max(1, Math.min(RENDER_DPI, Math.floor(fitting)));
    }

    private BufferedImage render(PDPage page, float dpi) throws IOException {
        int index = indexOf(page);
        if (index >= 0) return PageImages.toGray(renderer.renderImageWithDPI(index, dpi, ImageType.GRAY));
        // a page tree with loops or wrong counts: draw a copy of the page as the only page of a document of its own,
        // with what it inherits from the tree (resources, boxes, rotation) resolved onto it
        COSDictionary copy = new COSDictionary(page.getCOSObject());
        copy.setItem(COSName.RESOURCES, page.getResources());
        copy.setItem(COSName.MEDIA_BOX, page.getMediaBox());
        copy.setItem(COSName.CROP_BOX, page.getCropBox());
        copy.setInt(COSName.ROTATE, rotationOf(page));
        try (PDDocument single = new PDDocument()) {
            single.addPage(new PDPage(copy));
            return PageImages.toGray(new PDFRenderer(single).renderImageWithDPI(0, dpi, ImageType.GRAY));
        }
    }

    /** Index PDFRenderer can use for this page, or -1 when the page tree cannot be trusted to find it. */
    private int indexOf(PDPage page) {
        try {
            int index = document.getPages().indexOf(page);
            return index >= 0 && document.getPage(index).getCOSObject() == page.getCOSObject() ? index : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The page as displayed, in points, origin at the top left. */
    private static Rectangle2D displayBox(PDPage page) {
        PDRectangle cropBox = page.getCropBox();
        int rotation = rotationOf(page);
        boolean sideways = rotation == 90 || rotation == 270;
        return new Rectangle2D.Double(0, 0, sideways ? cropBox.getHeight() : cropBox.getWidth(),
                sideways ? cropBox.getWidth() : cropBox.getHeight());
    }

    /** /Rotate as 0, 90, 180 or 270 (the PDF may say -90 or 450; anything not a right angle is ignored). */
    static int rotationOf(PDPage page) {
        int rotation = page.getRotation();
        return rotation % 90 == 0 ? Math.floorMod(rotation, 360) : 0;
    }

    /** Share of {@code page} covered by {@code area}. */
    private static double coverage(Rectangle2D area, Rectangle2D page) {
        Rectangle2D overlap = area.createIntersection(page);
        return overlap.isEmpty() ? 0 : area(overlap) / area(page);
    }

    private static double area(Rectangle2D box) {
        return box.getWidth() * box.getHeight();
    }

    private static int clamp(int value, int limit) {
        return Math.max(0, Math.min(limit, value));
    }

    @Override
    public void close() {
        closeQuietly(document);
    }

    private static void closeQuietly(PDDocument document) {
        try {
            document.close();
        } catch (IOException e) {
            log.debug("closing a PDF failed", e);
        }
    }
}
