package org.chartvault.ocr;

import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.image.CCITTFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.chartvault.imaging.PageImages;
import org.chartvault.testing.ChartGenerator;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A black-and-white page goes into the searchable PDF as G4, pixel for pixel, whatever its width. */
class G4ImagesTest {
    /** A chart page scanned at 200 DPI, cut to a width that is not a whole number of bytes, made black and white. */
    private static BufferedImage bitonalPage() {
        BufferedImage scan = PageImages.toGray(new ChartGenerator().page(7).scan(200).image());
        BufferedImage gray = new BufferedImage(scan.getWidth() - 5, scan.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        var g = gray.createGraphics();
        g.drawImage(scan, 0, 0, null);
        g.dispose();
        return PageImages.toBitonal(gray);
    }

    @Test
    void encodesExactlyWhatPdfboxEncodesAndDecodesToTheSamePixels() throws IOException {
        BufferedImage page = bitonalPage();
        // the page as the searchable PDF writer gets it: read back from the stored 1-bit PNG
        BufferedImage stored = ImageIO.read(new ByteArrayInputStream(PageImages.encodePng(page, 200)));
        for (BufferedImage image : new BufferedImage[] {page, stored}) {
            try (PDDocument document = new PDDocument()) {
                PDImageXObject ours = G4Images.of(document, image);
                PDImageXObject pdfbox = CCITTFactory.createFromImage(document, image);
                assertArrayEquals(encoded(pdfbox), encoded(ours), "the same G4 stream as PDFBox's own");
                assertEquals(pdfbox.getCOSObject().getDictionaryObject(org.apache.pdfbox.cos.COSName.DECODE_PARMS).toString(),
                        ours.getCOSObject().getDictionaryObject(org.apache.pdfbox.cos.COSName.DECODE_PARMS).toString());
                assertSamePixels(image, ours.getImage());
            }
        }
    }

    @Test
    void aPdfWithThePageReadsBackBlackWhereThePageIsBlack() throws IOException {
        BufferedImage page = bitonalPage();
        byte[] pdf;
        try (PDDocument document = new PDDocument()) {
            var p = new org.apache.pdfbox.pdmodel.PDPage();
            document.addPage(p);
            var resources = new org.apache.pdfbox.pdmodel.PDResources();
            resources.add(G4Images.of(document, page));
            p.setResources(resources);
            var out = new java.io.ByteArrayOutputStream();
            document.save(out);
            pdf = out.toByteArray();
        }
        try (PDDocument read = org.apache.pdfbox.Loader.loadPDF(new RandomAccessReadBuffer(pdf))) {
            var names = read.getPage(0).getResources().getXObjectNames().iterator();
            PDImageXObject image = (PDImageXObject) read.getPage(0).getResources().getXObject(names.next());
            assertSamePixels(page, image.getImage());
        }
    }

    private static byte[] encoded(PDImageXObject image) throws IOException {
        try (InputStream in = image.getCOSObject().createRawInputStream()) {
            return in.readAllBytes();
        }
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        long black = 0;
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                boolean wasBlack = (expected.getRGB(x, y) & 0xFFFFFF) == 0;
                boolean isBlack = (actual.getRGB(x, y) & 0xFFFFFF) == 0;
                if (wasBlack != isBlack) throw new AssertionError("pixel " + x + "," + y + " changed");
                if (wasBlack) black++;
            }
        }
        if (black == 0) throw new AssertionError("the page has no black pixel: the test would prove nothing");
    }
}
