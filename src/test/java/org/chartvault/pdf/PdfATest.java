package org.chartvault.pdf;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chartvault.testing.VeraPdf;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PdfATest {

    @Test
    void aMarkedPageInTheEmbeddedFontsIsPdfA2bAndItsMetadataAgreesWithTheInfoDictionary() throws IOException {
        byte[] pdf = page("Certificate <&> of Ωmega — destruction", true, true);

        assertEquals(List.of(), VeraPdf.failedRules(pdf));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String xmp = new String(document.getDocumentCatalog().getMetadata().toByteArray(), StandardCharsets.UTF_8);
            assertTrue(xmp.contains("<pdfaid:part>2</pdfaid:part>") && xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"), xmp);
            assertTrue(xmp.contains("Certificate &lt;&amp;&gt; of Ωmega — destruction"), xmp);
            assertTrue(xmp.contains("<xmp:CreateDate>2026-03-04T05:06:07Z</xmp:CreateDate>"), xmp);
            assertEquals("ChartVault", document.getDocumentInformation().getProducer());
            assertEquals(1, document.getDocumentCatalog().getOutputIntents().size());
            assertTrue(new PDFTextStripper().getText(document).contains("Ωmega"), "the text stays extractable");
        }
    }

    @Test
    void theSameDocumentMarkedTwiceGivesTheSameBytes() throws IOException {
        assertArrayEquals(page("Report", true, true), page("Report", true, true));
    }

    @Test
    void veraPdfFindsAStandard14FontThatIsNotEmbedded() throws IOException {
        List<String> failed = VeraPdf.failedRules(page("Report", false, true));
        assertTrue(failed.stream().anyMatch(rule -> rule.startsWith("6.2.11.4.1")), failed.toString());
    }

    @Test
    void withoutTheClaimTheFileIsNotPdfA() throws IOException {
        byte[] pdf = page("Report", true, false);
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String xmp = new String(document.getDocumentCatalog().getMetadata().toByteArray(), StandardCharsets.UTF_8);
            assertFalse(xmp.contains("pdfaid"), xmp);
        }
        assertFalse(VeraPdf.failedRules(pdf).isEmpty(), "a file that does not say it is PDF/A is not one");
    }

    private static byte[] page(String title, boolean embedded, boolean claim) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            document.addPage(page);
            PDFont font = embedded ? PdfFonts.bold(document) : new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(font, 14);
                content.newLineAtOffset(72, 700);
                content.showText(embedded ? title : "Report");
                content.endText();
            }
            document.getDocumentInformation().setTitle(title);
            document.getDocumentInformation().setCreator("ChartVault");
            Calendar created = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            created.clear();
            created.set(2026, Calendar.MARCH, 4, 5, 6, 7);
            document.getDocumentInformation().setCreationDate(created);
            document.setDocumentId(7L);
            if (claim) PdfA.mark(document);
            else PdfA.markWithoutClaim(document);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }
}
