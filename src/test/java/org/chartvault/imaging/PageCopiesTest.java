package org.chartvault.imaging;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionGoTo;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitDestination;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Degradation;
import org.chartvault.testing.ScannedPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pages copied out of uploaded files: nothing of the file's other pages comes along, and nothing of the page is lost. */
class PageCopiesTest {
    private static final PageLimits LIMITS = new PageLimits(1000, 100_000_000L);
    private static final PageCopies COPIES = new PageCopies(LIMITS);

    @TempDir
    Path dir;

    @Test
    void aCopiedPdfPageBringsNothingOfItsFilesOtherPagesAlong() throws Exception {
        // The worst a scanner writes: one resource dictionary for all pages, inherited from the page tree, holding
        // every page's image, and a link on page 2 that points at page 3.
        Path file = dir.resolve("three-patients.pdf");
        try (PDDocument pdf = new PDDocument()) {
            PDResources shared = new PDResources();
            COSName font = shared.add(new PDType1Font(Standard14Fonts.FontName.HELVETICA));
            List<COSName> images = new ArrayList<>();
            for (int i = 0; i < 3; i++) images.add(shared.add(LosslessFactory.createFromImage(pdf, square(11 + 2 * i))));
            String[] patients = {"ALPHA-PATIENT", "BRAVO-PATIENT", "CHARLIE-PATIENT"};
            for (int i = 0; i < 3; i++) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                pdf.addPage(page);
                String content = "BT /" + font.getName() + " 12 Tf 72 700 Td (" + patients[i] + ") Tj ET q 100 0 0 100 72 500 cm /"
                        + images.get(i).getName() + " Do Q";
                PDStream stream = new PDStream(pdf);
                try (OutputStream out = stream.createOutputStream()) {
                    out.write(content.getBytes(StandardCharsets.US_ASCII));
                }
                page.setContents(stream);
                page.getCOSObject().removeItem(COSName.RESOURCES);
            }
            pdf.getPages().getCOSObject().setItem(COSName.RESOURCES, shared);
            PDAnnotationLink link = new PDAnnotationLink();
            PDPageFitDestination destination = new PDPageFitDestination();
            destination.setPage(pdf.getPage(2));
            PDActionGoTo goTo = new PDActionGoTo();
            goTo.setDestination(destination);
            link.setAction(goTo);
            link.setRectangle(new PDRectangle(72, 690, 200, 20));
            link.setPage(pdf.getPage(1));
            pdf.getPage(1).getAnnotations().add(link);
            pdf.save(file.toFile());
        }

        byte[] copied = write(List.of(new PageCopies.FilePage(file, PageSource.PDF, 2, new PageCopies.Missing("unreadable"))));

        try (PDDocument pdf = Loader.loadPDF(copied)) {
            assertEquals(1, pdf.getNumberOfPages());
            assertEquals("BRAVO-PATIENT", new PDFTextStripper().getText(pdf).strip(), "the page's own text layer is kept");
            assertEquals(List.of(), pdf.getPage(0).getAnnotations(), "no link to a page that is not there");
            List<COSStream> streams = new ArrayList<>();
            collectStreams(pdf.getDocument().getTrailer(), streams, Collections.newSetFromMap(new IdentityHashMap<>()));
            int images = 0;
            for (COSStream stream : streams) {
                if (COSName.IMAGE.equals(stream.getCOSName(COSName.SUBTYPE))) {
                    images++;
                    assertEquals(13, stream.getInt(COSName.WIDTH), "only page 2's own image is in the file");
                    continue;
                }
                String decoded;
                try (InputStream in = stream.createInputStream()) {
                    decoded = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                }
                assertFalse(decoded.contains("ALPHA-PATIENT") || decoded.contains("CHARLIE-PATIENT"),
                        "another page's content is in the file: " + decoded);
            }
            assertEquals(1, images);
        }
    }

    @Test
    void aCopiedScanPageKeepsEveryPixelAndItsPaperSize() throws Exception {
        ChartGenerator generator = new ChartGenerator();
        ScannedPage gray = generator.page(1).scan(100);
        ScannedPage bitonal = generator.page(2).scan(150).apply(Degradation.binarize(150));
        Path png = Files.write(dir.resolve("gray.png"), ChartFiles.png(gray));
        Path tiff = Files.write(dir.resolve("fax.tif"), ChartFiles.tiff(List.of(bitonal, bitonal.apply(Degradation.rotate(180))),
                ChartFiles.TiffCompression.CCITT_G4));

        byte[] copied = write(List.of(
                new PageCopies.FilePage(tiff, PageSource.TIFF, 2, new PageCopies.Missing("unreadable")),
                new PageCopies.FilePage(png, PageSource.PNG, 1, new PageCopies.Missing("unreadable"))));

        try (PDDocument pdf = Loader.loadPDF(copied)) {
            assertEquals(2, pdf.getNumberOfPages());
            assertSamePixels(bitonal.apply(Degradation.rotate(180)).image(), onlyImage(pdf.getPage(0)).getImage());
            assertEquals(8.5f * 72, pdf.getPage(0).getMediaBox().getWidth(), 0.5f, "a 150 DPI page stays letter size");
            assertTrue(onlyImage(pdf.getPage(0)).getCOSObject().toString().contains("CCITTFaxDecode"),
                    "black and white stays CCITT G4");
            assertSamePixels(gray.image(), onlyImage(pdf.getPage(1)).getImage());
            assertEquals(11f * 72, pdf.getPage(1).getMediaBox().getHeight(), 0.5f, "a 100 DPI page stays letter size");
        }
    }

    @Test
    void theSamePagesGiveTheSameBytesAndAnUnreadablePageIsStillAPage() throws Exception {
        Path broken = Files.write(dir.resolve("broken.tif"), "II*\0 not really a TIFF".getBytes(StandardCharsets.US_ASCII));
        List<PageCopies.Page> pages = List.of(
                new PageCopies.FilePage(broken, PageSource.TIFF, 1, new PageCopies.Missing("Page 1 could not be read.")));
        byte[] once = write(pages);
        assertArrayEquals(once, write(pages));
        try (PDDocument pdf = Loader.loadPDF(once)) {
            assertEquals(1, pdf.getNumberOfPages(), "the page count stays true");
            assertEquals("Page 1 could not be read.", new PDFTextStripper().getText(pdf).strip());
        }
    }

    private static byte[] write(List<PageCopies.Page> pages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        COPIES.writePdf(pages, 42L, out);
        return out.toByteArray();
    }

    private static BufferedImage square(int side) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < side; y++) for (int x = 0; x < side; x++) image.getRaster().setSample(x, y, 0, (x * 31 + y * 17) & 0xFF);
        return image;
    }

    private static PDImageXObject onlyImage(PDPage page) throws IOException {
        List<PDImageXObject> images = new ArrayList<>();
        for (COSName name : page.getResources().getXObjectNames()) {
            if (page.getResources().getXObject(name) instanceof PDImageXObject image) images.add(image);
        }
        assertEquals(1, images.size());
        return images.get(0);
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                if ((expected.getRGB(x, y) & 0xFFFFFF) != (actual.getRGB(x, y) & 0xFFFFFF)) {
                    throw new AssertionError("pixel " + x + "," + y + " changed");
                }
            }
        }
    }

    private static void collectStreams(COSBase base, List<COSStream> streams, Set<COSBase> seen) {
        COSBase object = base instanceof COSObject indirect ? indirect.getObject() : base;
        if (object == null || !seen.add(object)) return;
        if (object instanceof COSStream stream) streams.add(stream);
        if (object instanceof COSDictionary dictionary) {
            for (COSBase value : dictionary.getValues()) collectStreams(value, streams, seen);
        } else if (object instanceof COSArray array) {
            for (COSBase value : array) collectStreams(value, streams, seen);
        }
    }
}
