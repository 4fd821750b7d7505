package org.chartvault.imaging;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.multipdf.LayerUtility;
import org.apache.pdfbox.pdfparser.PDFStreamParser;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.CCITTFactory;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.chartvault.pdf.CopiedContent;
import org.chartvault.pdf.PdfA;
import org.chartvault.pdf.PdfFonts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one PDF of chosen pages copied out of uploaded files, at their own quality: the original of a document
 * that is not an upload whole (cut from a larger scan, reordered, joined). A page is copied, never re-rendered:
 * <ul>
 *   <li>a PDF page: its content as it is (scanned images in their own encoding, drawings, its text layer) on a page
 *       of the same size and turn. Only the resources its content names go with it, and nothing of the page that
 *       can lead elsewhere in its file (annotations, links, the page tree, resources shared with other pages), so
 *       no other page travels along;</li>
 *   <li>a TIFF, PNG or JPEG page: its pixels without loss at the resolution the file states (a JPEG file's own
 *       bytes; a black-and-white page as CCITT G4; any other as Flate);</li>
 *   <li>a page known only from the image ChartVault stored for it (documents cut before ChartVault recorded where
 *       their pages lie in the scan): that image.</li>
 * </ul>
 * The same pages give the same bytes (a fixed document ID, no dates), so two makers of one file store one object.
 * <p>
 * The file is PDF/A-2b whenever what it copies allows: image pages always, and PDF pages as scanners write them
 * (images and an invisible OCR layer). A page of a born-digital upload is copied as it is (visible text in whatever
 * fonts it has, perhaps not embedded; CMYK colour; LZW data …), and a file holding one is written without the PDF/A
 * claim, which a validator would reject ({@link CopiedContent} says what it cannot vouch for). Such a page is not
 * re-rendered: this file is the document's original, and a picture of its text would no longer be the page that was
 * uploaded; the document's searchable PDF, every page as an image with its text, is its PDF/A rendition.
 */
public final class PageCopies {
    private static final Logger log = LoggerFactory.getLogger(PageCopies.class);
    private static final float POINTS_PER_INCH = 72;

    /** One page of the file to write. */
    public sealed interface Page permits FilePage, StoredImage, Missing {
    }

    /** Page {@code number} of an uploaded file; {@code otherwise} is written instead when that page cannot be read. */
    public record FilePage(Path file, String contentType, int number, Page otherwise) implements Page {
    }

    /** A page image ChartVault stored (PNG), at its resolution. */
    public record StoredImage(byte[] png, int dpi) implements Page {
    }

    /** A page with nothing left to copy: a letter page saying so, so that the page count stays true. */
    public record Missing(String note) implements Page {
    }

    private final PageLimits limits;

    public PageCopies(PageLimits limits) {
        this.limits = limits;
    }

    /** Writes the pages, in order; {@code id} is the PDF's document ID (derived from what is copied, by the caller). */
    public void writePdf(List<Page> pages, long id, OutputStream out) throws IOException {
        try (Sources sources = new Sources(limits);
             PDDocument pdf = new PDDocument(IOUtils.createTempFileOnlyStreamCache())) {
            Copy copy = new Copy(pdf, sources);
            for (Page page : pages) add(copy, page);
            pdf.getDocumentInformation().setTitle("Pages copied from uploaded files");
            pdf.setDocumentId(id);
            if (copy.doubts.isEmpty()) {
                PdfA.mark(pdf);
            } else {
                log.info("A file of {} copied page(s) is written without the PDF/A claim: its pages hold {}", pages.size(),
                        String.join(", ", copy.doubts));
                PdfA.markWithoutClaim(pdf);
            }
            pdf.save(out);
        }
    }

    /** The file being written, the files copied from, and what in the copied pages PDF/A cannot be claimed for. */
    private static final class Copy {
        final PDDocument pdf;
        final LayerUtility layers;
        final Sources sources;
        final Set<String> doubts = new LinkedHashSet<>();
        private PDFont font;

        Copy(PDDocument pdf, Sources sources) {
            this.pdf = pdf;
            this.layers = new LayerUtility(pdf);
            this.sources = sources;
        }

        /** The font of note pages, embedded when the first one is written. */
        PDFont font() throws IOException {
            if (font == null) font = PdfFonts.regular(pdf);
            return font;
        }
    }

    private void add(Copy copy, Page page) throws IOException {
        PDDocument pdf = copy.pdf;
        Sources sources = copy.sources;
        switch (page) {
            case FilePage file -> {
                try {
                    if (PageSource.PDF.equals(file.contentType())) {
                        copy.doubts.addAll(copyPdfPage(pdf, copy.layers, sources.pdf(file.file()), file.number()));
                    } else {
                        copy.doubts.addAll(copyImagePage(pdf, sources, file));
                    }
                } catch (UnreadableFileException | IOException | RuntimeException e) {
                    log.info("Page {} of {} cannot be copied ({}); using what else is known of it", file.number(),
                            file.file().getFileName(), e.getMessage());
                    add(copy, file.otherwise());
                }
            }
            case StoredImage stored -> {
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(stored.png()));
                if (image == null) {
                    add(copy, new Missing("This page's stored image cannot be read."));
                    return;
                }
                placeImage(pdf, image(pdf, image), image.getWidth(), image.getHeight(), stored.dpi(), stored.dpi());
            }
            case Missing missing -> notePage(pdf, copy.font(), missing.note());
        }
    }

    /** Copies the page; returns what in it keeps the file from being PDF/A (see {@link CopiedContent}). */
    private static List<String> copyPdfPage(PDDocument pdf, LayerUtility layers, PDDocument source, int number)
            throws IOException {
        PDPage page = source.getPage(number - 1);
        PDRectangle media = page.getMediaBox();
        PDRectangle crop = page.getCropBox();
        int rotation = page.getRotation();
        // In memory only (the source is never saved): the copy takes just what this page's content names.
        page.setResources(namedResources(page));
        List<String> doubts = CopiedContent.doubts(page);
        PDFormXObject form = layers.importPageAsForm(source, page);
        // Drawn where it was: same media box, crop box and turn as the page it came from.
        form.getCOSObject().removeItem(COSName.MATRIX);
        form.setBBox(media);
        PDPage copy = new PDPage(media);
        copy.setCropBox(crop);
        copy.setRotation(rotation);
        pdf.addPage(copy);
        try (PDPageContentStream content = new PDPageContentStream(pdf, copy)) {
            content.drawForm(form);
        }
        return doubts;
    }

    /**
     * The resources the page's content stream names (images, fonts, graphics states, colour spaces, patterns,
     * shadings, marked-content properties). Scanners often give every page one shared resource dictionary holding
     * every page's image; copied whole, it would carry the other pages along unseen.
     */
    static PDResources namedResources(PDPage page) throws IOException {
        PDResources all = page.getResources();
        if (all == null) return new PDResources();
        Map<COSName, Set<COSName>> named = new LinkedHashMap<>();
        PDFStreamParser parser = new PDFStreamParser(page);
        List<COSBase> operands = new ArrayList<>();
        for (Object token = parser.parseNextToken(); token != null; token = parser.parseNextToken()) {
            if (!(token instanceof Operator operator)) {
                if (token instanceof COSBase operand) operands.add(operand);
                continue;
            }
            switch (operator.getName()) {
                case "Do" -> name(named, COSName.XOBJECT, last(operands));
                case "Tf" -> name(named, COSName.FONT, operands.isEmpty() ? null : operands.get(0));
                case "gs" -> name(named, COSName.EXT_G_STATE, last(operands));
                case "cs", "CS" -> name(named, COSName.COLORSPACE, last(operands));
                case "scn", "SCN" -> name(named, COSName.PATTERN, last(operands));
                case "sh" -> name(named, COSName.SHADING, last(operands));
                case "BDC", "DP" -> name(named, COSName.PROPERTIES, last(operands));
                case "BI" -> {
                    COSDictionary inline = operator.getImageParameters();
                    if (inline != null) {
                        name(named, COSName.COLORSPACE, inline.getDictionaryObject(COSName.CS, COSName.COLORSPACE));
                    }
                }
                default -> {
                }
            }
            operands.clear();
        }
        COSDictionary kept = new COSDictionary();
        for (Map.Entry<COSName, Set<COSName>> category : named.entrySet()) {
            if (!(all.getCOSObject().getDictionaryObject(category.getKey()) instanceof COSDictionary entries)) continue;
            COSDictionary keptEntries = new COSDictionary();
            for (COSName name : category.getValue()) {
                COSBase value = entries.getItem(name);
                if (value != null) keptEntries.setItem(name, value);
            }
            if (keptEntries.size() > 0) kept.setItem(category.getKey(), keptEntries);
        }
        return new PDResources(kept);
    }

    private static COSBase last(List<COSBase> operands) {
        return operands.isEmpty() ? null : operands.get(operands.size() - 1);
    }

    private static void name(Map<COSName, Set<COSName>> named, COSName category, COSBase operand) {
        if (operand instanceof COSName name) named.computeIfAbsent(category, c -> new LinkedHashSet<>()).add(name);
    }

    /** Copies the page; returns what in it keeps the file from being PDF/A (a CMYK JPEG's own bytes). */
    private List<String> copyImagePage(PDDocument pdf, Sources sources, FilePage file)
            throws IOException, UnreadableFileException {
        ImageFilePageSource source = sources.image(file.file(), file.contentType());
        ImageFilePageSource.Scan scan = source.scan(file.number(), new ArrayList<>());
        Resolution resolution = scan.resolution();
        BufferedImage image = scan.image();
        // A JPEG file is one page; its own bytes are the page at its own quality (decoding and encoding again loses).
        PDImageXObject embedded = PageSource.JPEG.equals(file.contentType())
                ? JPEGFactory.createFromByteArray(pdf, Files.readAllBytes(file.file())) : image(pdf, image);
        placeImage(pdf, embedded, image.getWidth(), image.getHeight(), resolution.x(), resolution.y());
        boolean cmyk = COSName.DEVICECMYK.equals(embedded.getCOSObject().getDictionaryObject(COSName.COLORSPACE));
        return cmyk ? List.of("CMYK color") : List.of();
    }

    /** Black and white as CCITT G4, anything else as Flate: both give back exactly the pixels they were given. */
    private static PDImageXObject image(PDDocument pdf, BufferedImage image) throws IOException {
        return PageImages.isBitonal(image) ? CCITTFactory.createFromImage(pdf, image) : LosslessFactory.createFromImage(pdf, image);
    }

    private static void placeImage(PDDocument pdf, PDImageXObject image, int width, int height, double dpiX, double dpiY)
            throws IOException {
        float w = (float) (width / dpiX * POINTS_PER_INCH);
        float h = (float) (height / dpiY * POINTS_PER_INCH);
        PDPage page = new PDPage(new PDRectangle(w, h));
        pdf.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
            content.drawImage(image, 0, 0, w, h);
        }
    }

    private static void notePage(PDDocument pdf, PDFont font, String note) throws IOException {
        PDPage page = new PDPage(PDRectangle.LETTER);
        pdf.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
            content.beginText();
            content.setFont(font, 11);
            content.newLineAtOffset(72, PDRectangle.LETTER.getHeight() - 72);
            content.showText(note.replaceAll("[^\\x20-\\x7E]", "?"));
            content.endText();
        }
    }

    /** The uploaded files being copied from, each opened once and closed after the PDF is written. */
    private static final class Sources implements AutoCloseable {
        private final PageLimits limits;
        private final Map<Path, PDDocument> pdfs = new HashMap<>();
        private final Map<Path, ImageFilePageSource> images = new HashMap<>();

        Sources(PageLimits limits) {
            this.limits = limits;
        }

        PDDocument pdf(Path file) throws IOException {
            PDDocument open = pdfs.get(file);
            if (open == null) {
                open = Loader.loadPDF(file.toFile());
                pdfs.put(file, open);
            }
            return open;
        }

        ImageFilePageSource image(Path file, String contentType) throws UnreadableFileException {
            ImageFilePageSource open = images.get(file);
            if (open == null) {
                open = ImageFilePageSource.open(file, contentType, limits);
                images.put(file, open);
            }
            return open;
        }

        @Override
        public void close() {
            for (PDDocument pdf : pdfs.values()) {
                try {
                    pdf.close();
                } catch (IOException e) {
                    log.debug("closing a source PDF failed", e);
                }
            }
            images.values().forEach(ImageFilePageSource::close);
        }
    }
}
