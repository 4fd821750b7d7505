package org.chartvault.testing;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chartvault.testing.ChartFiles.TiffCompression;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Node;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartFilesTest {

    private final ChartGenerator generator = new ChartGenerator();
    private final ChartDocument document = generator.document(31, "DISCHARGE SUMMARY", 2);
    private final ScannedPage gray = document.pages().get(0).scan(200);
    private final ScannedPage bitonal = gray.apply(Degradation.binarize(140));

    @Test
    void pngReadsBackWithItsSizeAndResolution() throws IOException {
        ReadBack png = read(ChartFiles.png(gray), "png");

        assertEquals(1, png.images.size());
        assertEquals(1700, png.images.get(0).getWidth());
        assertEquals(2200, png.images.get(0).getHeight());
        assertArrayEquals(new long[] {200, 200}, png.dpi.get(0));
    }

    @Test
    void jpegReadsBackGrayWithItsResolution() throws IOException {
        ScannedPage fax = gray.apply(Degradation.fax());
        ReadBack jpeg = read(ChartFiles.jpeg(fax, 0.7f), "jpeg");

        assertEquals(BufferedImage.TYPE_BYTE_GRAY, jpeg.images.get(0).getType());
        assertEquals(fax.image().getWidth(), jpeg.images.get(0).getWidth());
        assertArrayEquals(new long[] {204, 196}, jpeg.dpi.get(0));
    }

    @Test
    void group4TiffHoldsEveryPageBitonalWithItsResolution() throws IOException {
        ScannedPage fax = gray.apply(Degradation.fax());
        ScannedPage sideways = bitonal.apply(Degradation.rotate(270));
        ReadBack tiff = read(ChartFiles.tiff(List.of(bitonal, fax, sideways), TiffCompression.CCITT_G4), "tiff");

        assertEquals(3, tiff.images.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(BaselineTIFFTagSet.COMPRESSION_CCITT_T_6, tiff.tag(i, BaselineTIFFTagSet.TAG_COMPRESSION));
            assertEquals(1, tiff.tag(i, BaselineTIFFTagSet.TAG_BITS_PER_SAMPLE));
            assertEquals(1, tiff.images.get(i).getColorModel().getPixelSize());
        }
        assertArrayEquals(new long[] {204, 196}, tiff.dpi.get(1));
        assertEquals(2200, tiff.images.get(2).getWidth());
        assertArrayEquals(pixels(bitonal.image()), pixels(tiff.images.get(0)), "G4 is lossless");
    }

    @Test
    void grayTiffIsLzwOrDeflateAtEightBits() throws IOException {
        ReadBack lzw = read(ChartFiles.tiff(List.of(gray, gray), TiffCompression.LZW), "tiff");
        ReadBack deflate = read(ChartFiles.tiff(List.of(gray), TiffCompression.DEFLATE), "tiff");

        assertEquals(2, lzw.images.size());
        assertEquals(1, deflate.images.size());
        assertEquals(BaselineTIFFTagSet.COMPRESSION_LZW, lzw.tag(1, BaselineTIFFTagSet.TAG_COMPRESSION));
        assertEquals(BaselineTIFFTagSet.COMPRESSION_ZLIB, deflate.tag(0, BaselineTIFFTagSet.TAG_COMPRESSION));
        for (ReadBack tiff : List.of(lzw, deflate)) {
            assertEquals(8, tiff.tag(0, BaselineTIFFTagSet.TAG_BITS_PER_SAMPLE));
            assertArrayEquals(new long[] {200, 200}, tiff.dpi.getLast());
            assertArrayEquals(Pixels.bytes(gray.image()), Pixels.bytes(tiff.images.getLast()), "lossless");
        }
    }

    @Test
    void group4RefusesAGrayPage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChartFiles.tiff(List.of(bitonal, gray), TiffCompression.CCITT_G4));
        assertTrue(e.getMessage().contains("page 2"), e.getMessage());
    }

    @Test
    void scannedPdfHasOneImagePerPageAtThePhysicalSize() throws IOException {
        ScannedPage sideways = gray.apply(Degradation.rotate(90));
        try (PDDocument pdf = Loader.loadPDF(ChartFiles.scannedPdf(List.of(bitonal, sideways)))) {
            assertEquals(2, pdf.getNumberOfPages());
            assertPage(pdf.getPage(0), 612, 792, COSName.CCITTFAX_DECODE, 200);
            assertPage(pdf.getPage(1), 792, 612, COSName.DCT_DECODE, 200);
            assertTrue(new PDFTextStripper().getText(pdf).isBlank(), "an image-only PDF has no text layer");
        }
    }

    @Test
    void bornDigitalPdfHasTheGroundTruthAsTextAndNoImages() throws IOException {
        try (PDDocument pdf = Loader.loadPDF(ChartFiles.bornDigitalPdf(document.pages()))) {
            assertEquals(2, pdf.getNumberOfPages());
            for (int n = 1; n <= 2; n++) {
                PDPage page = pdf.getPage(n - 1);
                assertEquals(612, page.getMediaBox().getWidth(), 0.01);
                assertTrue(imagesOn(page).isEmpty());
                PDFTextStripper stripper = new PDFTextStripper();
                stripper.setStartPage(n);
                stripper.setEndPage(n);
                List<String> extracted = Arrays.asList(stripper.getText(pdf).split("\\s+"));
                List<String> expected = document.pages().get(n - 1).words();
                assertTrue(expected.size() > 100);
                List<String> missing = new ArrayList<>(expected);
                extracted.forEach(missing::remove);
                assertEquals(List.of(), missing, "words of page " + n + " not in the text layer");
            }
        }
    }

    @Test
    void sameInputGivesSameBytesFromEveryWriter() {
        ScannedPage again = generator.document(31, "DISCHARGE SUMMARY", 2).pages().get(0).scan(200);
        assertArrayEquals(ChartFiles.png(gray), ChartFiles.png(again));
        assertArrayEquals(ChartFiles.jpeg(gray, 0.5f), ChartFiles.jpeg(again, 0.5f));
        assertArrayEquals(ChartFiles.tiff(List.of(gray), TiffCompression.LZW), ChartFiles.tiff(List.of(again), TiffCompression.LZW));
        assertArrayEquals(ChartFiles.scannedPdf(List.of(bitonal)), ChartFiles.scannedPdf(List.of(again.apply(Degradation.binarize(140)))));
        assertArrayEquals(ChartFiles.bornDigitalPdf(document.pages()), ChartFiles.bornDigitalPdf(List.of(again.printed(), document.pages().get(1))));
    }

    @Test
    void duplexStreamWritesAsOneTiffWithABlankBackAfterEveryPage() throws IOException {
        List<ChartDocument> chart = generator.chart(40, 3);
        int sheets = chart.stream().mapToInt(d -> d.pages().size()).sum();
        ScanStream batch = ScanStream.duplex(chart, 100, i -> Degradation.skew(i % 3 - 1).then(Degradation.gaussianNoise(5, i)), 40);

        assertEquals(2 * sheets, batch.pages().size());
        for (int i = 0; i < batch.pages().size(); i++) {
            assertEquals(i % 2 == 1, batch.pages().get(i).printed().isBlank(), "page " + i);
        }
        assertEquals(0, batch.documentStarts().get(0));
        assertEquals(2 * chart.get(0).pages().size(), batch.documentStarts().get(1));
        assertEquals(2 * chart.get(1).pages().size(), batch.pagesOf(1).size());

        ReadBack tiff = read(ChartFiles.tiff(batch.pages(), TiffCompression.DEFLATE), "tiff");
        assertEquals(2 * sheets, tiff.images.size());
        String truth = ChartFiles.groundTruth(batch.printed());
        assertEquals(2 * sheets - 1, truth.chars().filter(c -> c == '\f').count());
        assertTrue(truth.startsWith(String.join("\n", chart.get(0).pages().get(0).groundTruth()) + "\n\f\f"));
    }

    private static void assertPage(PDPage page, float width, float height, COSName filter, int dpi) throws IOException {
        PDRectangle box = page.getMediaBox();
        assertEquals(width, box.getWidth(), 0.5);
        assertEquals(height, box.getHeight(), 0.5);
        List<PDImageXObject> images = imagesOn(page);
        assertEquals(1, images.size());
        assertEquals(filter, images.get(0).getCOSObject().getCOSName(COSName.FILTER));
        assertEquals(dpi, Math.round(images.get(0).getWidth() / (box.getWidth() / 72)));
    }

    private static List<PDImageXObject> imagesOn(PDPage page) throws IOException {
        List<PDImageXObject> images = new ArrayList<>();
        for (COSName name : page.getResources().getXObjectNames()) {
            if (page.getResources().getXObject(name) instanceof PDImageXObject image) images.add(image);
        }
        return images;
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRaster().getPixels(0, 0, image.getWidth(), image.getHeight(), (int[]) null);
    }

    /** Every image in a file, with its DPI (from the format-neutral metadata) and its raw metadata. */
    private record ReadBack(List<BufferedImage> images, List<long[]> dpi, List<IIOMetadata> metadata) {
        int tag(int image, int tag) throws IOException {
            TIFFField field = TIFFDirectory.createFromMetadata(metadata.get(image)).getTIFFField(tag);
            if (field == null && tag == BaselineTIFFTagSet.TAG_BITS_PER_SAMPLE) return 1;   // the TIFF default
            return field.getAsInt(0);
        }
    }

    private static ReadBack read(byte[] bytes, String format) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName(format).next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in);
            List<BufferedImage> images = new ArrayList<>();
            List<long[]> dpi = new ArrayList<>();
            List<IIOMetadata> metadata = new ArrayList<>();
            for (int i = 0; i < reader.getNumImages(true); i++) {
                images.add(reader.read(i));
                IIOMetadata m = reader.getImageMetadata(i);
                metadata.add(m);
                IIOMetadataNode root = (IIOMetadataNode) m.getAsTree("javax_imageio_1.0");
                dpi.add(new long[] {dotsPerInch(root, "HorizontalPixelSize"), dotsPerInch(root, "VerticalPixelSize")});
            }
            return new ReadBack(images, dpi, metadata);
        } finally {
            reader.dispose();
        }
    }

    private static long dotsPerInch(IIOMetadataNode root, String element) {
        Node size = root.getElementsByTagName(element).item(0);
        double millimetresPerPixel = Double.parseDouble(((IIOMetadataNode) size).getAttribute("value"));
        return Math.round(25.4 / millimetresPerPixel);
    }
}
