package org.chartvault.testing;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName;
import org.apache.pdfbox.pdmodel.graphics.image.CCITTFactory;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.chartvault.testing.ChartPage.Style;
import org.chartvault.testing.ChartPage.Typeface;
import org.w3c.dom.Node;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The files scanners, fax servers and EHR exports hand ChartVault, made from generated pages. Every writer
 * returns the file's bytes (write them with {@code Files.write}); the same pages give the same bytes. Image files
 * carry their resolution (PNG pHYs, JPEG JFIF density, TIFF X/YResolution) and PDFs their physical page size.
 *
 * <pre>{@code
 * ScannedPage clean = generator.page(3).scan(300);
 * ScannedPage bw = clean.apply(Degradation.binarize(140));
 * byte[] png  = ChartFiles.png(clean);
 * byte[] jpg  = ChartFiles.jpeg(clean, 0.6f);
 * byte[] g4   = ChartFiles.tiff(List.of(bw), TiffCompression.CCITT_G4);
 * byte[] scan = ChartFiles.scannedPdf(List.of(bw, clean));          // G4 for bitonal pages, JPEG for gray
 * byte[] born = ChartFiles.bornDigitalPdf(document.pages());         // real text in standard fonts, no images
 * }</pre>
 */
public final class ChartFiles {
    private ChartFiles() {
    }

    /** Compressions a TIFF from a document scanner typically has. */
    public enum TiffCompression {
        /** CCITT T.6 (Group 4 fax): bitonal pages only; what most archives hold. */
        CCITT_G4("CCITT T.6"),
        LZW("LZW"),
        /** Adobe Deflate (TIFF compression 8). */
        DEFLATE("ZLib");

        private final String imageIoName;

        TiffCompression(String imageIoName) {
            this.imageIoName = imageIoName;
        }
    }

    public static byte[] png(ScannedPage page) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(page.image()), param);
        IIOMetadataNode physical = new IIOMetadataNode("pHYs");
        physical.setAttribute("pixelsPerUnitXAxis", Long.toString(Math.round(page.resolution().horizontal() / 0.0254)));
        physical.setAttribute("pixelsPerUnitYAxis", Long.toString(Math.round(page.resolution().vertical() / 0.0254)));
        physical.setAttribute("unitSpecifier", "meter");
        IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
        root.appendChild(physical);
        try {
            metadata.mergeTree("javax_imageio_png_1.0", root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return write(writer, param, List.of(new IIOImage(page.image(), null, metadata)));
    }

    /** Baseline JPEG at {@code quality} (0-1); a bitonal page is stored as gray, as JPEG has no bitonal mode. */
    public static byte[] jpeg(ScannedPage page, float quality) {
        if (quality < 0 || quality > 1) throw new IllegalArgumentException("JPEG quality is 0-1, not " + quality);
        BufferedImage image = page.isBitonal() ? Pixels.gray(page.image()) : page.image();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
        String format = "javax_imageio_jpeg_image_1.0";
        Node tree = metadata.getAsTree(format);
        IIOMetadataNode jfif = (IIOMetadataNode) ((IIOMetadataNode) tree).getElementsByTagName("app0JFIF").item(0);
        jfif.setAttribute("resUnits", "1");   // dots per inch
        jfif.setAttribute("Xdensity", Integer.toString(page.resolution().horizontal()));
        jfif.setAttribute("Ydensity", Integer.toString(page.resolution().vertical()));
        try {
            metadata.setFromTree(format, tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return write(writer, param, List.of(new IIOImage(image, null, metadata)));
    }

    /** One TIFF with a page (IFD) per scan, in order. */
    public static byte[] tiff(List<ScannedPage> pages, TiffCompression compression) {
        if (pages.isEmpty()) throw new IllegalArgumentException("a TIFF needs at least one page");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType(compression.imageIoName);
        List<IIOImage> images = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            ScannedPage page = pages.get(i);
            if (compression == TiffCompression.CCITT_G4 && !page.isBitonal()) {
                throw new IllegalArgumentException("CCITT Group 4 needs bitonal pages; page " + (i + 1)
                        + " is gray (apply Degradation.binarize first)");
            }
            IIOMetadata defaults = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(page.image()), param);
            images.add(new IIOImage(page.image(), null, withResolution(defaults, page.resolution())));
        }
        return write(writer, param, images);
    }

    /** The pages of a TIFF as ImageIO reads them: what a test compares with what it wrote. */
    public static List<BufferedImage> readTiff(byte[] tiff) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(tiff))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            try {
                reader.setInput(in);
                List<BufferedImage> pages = new ArrayList<>();
                for (int i = 0, n = reader.getNumImages(true); i < n; i++) pages.add(reader.read(i));
                return pages;
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * An image-only PDF as a scanner makes it: one image per page filling a page of the scan's physical size;
     * bitonal pages as CCITT Group 4, gray pages as JPEG (quality 0.85).
     */
    public static byte[] scannedPdf(List<ScannedPage> pages) {
        try (PDDocument pdf = new PDDocument()) {
            for (ScannedPage page : pages) {
                BufferedImage image = page.image();
                PDRectangle box = new PDRectangle((float) (image.getWidth() * 72.0 / page.resolution().horizontal()),
                        (float) (image.getHeight() * 72.0 / page.resolution().vertical()));
                PDPage pdfPage = new PDPage(box);
                pdf.addPage(pdfPage);
                PDImageXObject xObject = page.isBitonal() ? CCITTFactory.createFromImage(pdf, image)
                        : JPEGFactory.createFromImage(pdf, image, 0.85f, page.resolution().horizontal());
                try (PDPageContentStream content = new PDPageContentStream(pdf, pdfPage)) {
                    content.drawImage(xObject, 0, 0, box.getWidth(), box.getHeight());
                }
            }
            return save(pdf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A PDF as a word processor or EHR prints it: the same lines at the same places as the scans, as real text in
     * the PDF standard fonts (Times for Serif, Helvetica for SansSerif, Courier for Monospaced), no images.
     */
    public static byte[] bornDigitalPdf(List<ChartPage> pages) {
        try (PDDocument pdf = new PDDocument()) {
            for (ChartPage page : pages) {
                PDPage pdfPage = new PDPage(new PDRectangle((float) ChartPage.WIDTH_POINTS, (float) ChartPage.HEIGHT_POINTS));
                pdf.addPage(pdfPage);
                try (PDPageContentStream content = new PDPageContentStream(pdf, pdfPage)) {
                    for (ChartPage.Line line : page.lines()) {
                        for (ChartPage.Run run : line.runs()) {
                            content.beginText();
                            content.setFont(standardFont(page.typeface(), run.style()), page.typeface().size(run.style()));
                            content.newLineAtOffset((float) run.x(), (float) (ChartPage.HEIGHT_POINTS - line.baseline()));
                            content.showText(run.text());
                            content.endText();
                        }
                    }
                }
            }
            return save(pdf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The text of the pages in the corpus's ground-truth layout: each page's lines ending in a newline, pages
     * separated by a form feed at the start of the next page.
     */
    public static String groundTruth(List<ChartPage> pages) {
        return pages.stream().map(page -> page.groundTruth().stream().map(line -> line + "\n").collect(Collectors.joining()))
                .collect(Collectors.joining("\f"));
    }

    private static PDType1Font standardFont(Typeface typeface, Style style) {
        boolean bold = style == Style.TITLE || style == Style.HEADING || style == Style.LABEL;
        return new PDType1Font(switch (typeface.family()) {
            case "Serif" -> bold ? FontName.TIMES_BOLD : FontName.TIMES_ROMAN;
            case "SansSerif" -> bold ? FontName.HELVETICA_BOLD : FontName.HELVETICA;
            default -> bold ? FontName.COURIER_BOLD : FontName.COURIER;
        });
    }

    private static IIOMetadata withResolution(IIOMetadata defaults, Resolution resolution) {
        try {
            TIFFDirectory directory = TIFFDirectory.createFromMetadata(defaults);
            BaselineTIFFTagSet tags = BaselineTIFFTagSet.getInstance();
            directory.addTIFFField(new TIFFField(tags.getTag(BaselineTIFFTagSet.TAG_X_RESOLUTION), TIFFTag.TIFF_RATIONAL, 1,
                    new long[][] {{resolution.horizontal(), 1}}));
            directory.addTIFFField(new TIFFField(tags.getTag(BaselineTIFFTagSet.TAG_Y_RESOLUTION), TIFFTag.TIFF_RATIONAL, 1,
                    new long[][] {{resolution.vertical(), 1}}));
            directory.addTIFFField(new TIFFField(tags.getTag(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT),
                    BaselineTIFFTagSet.RESOLUTION_UNIT_INCH));
            return directory.getAsMetadata();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(ImageWriter writer, ImageWriteParam param, List<IIOImage> images) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            if (images.size() == 1) {
                writer.write(null, images.get(0), param);
            } else {
                writer.prepareWriteSequence(null);
                for (IIOImage image : images) writer.writeToSequence(image, param);
                writer.endWriteSequence();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static byte[] save(PDDocument pdf) throws IOException {
        pdf.setDocumentId(0L);   // PDFBox otherwise derives the file ID from the clock; same pages, same bytes
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        pdf.save(bytes);
        return bytes.toByteArray();
    }
}
