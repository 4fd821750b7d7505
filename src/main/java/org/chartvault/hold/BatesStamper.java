package org.chartvault.hold;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.chartvault.pdf.PdfA;
import org.chartvault.pdf.PdfFonts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongFunction;

/**
 * Prints Bates numbers at the foot of PDF pages, over what is there (the stored searchable PDF keeps its page images
 * and invisible text layer), in black Liberation Sans Bold (embedded) on a white label so the number reads on any scan
 * and is found by text extraction. The output is PDF/A-2b as its input is (ChartVault's own searchable PDFs and
 * reports), has no dates and a file ID derived from its content: the same input gives the same bytes.
 */
final class BatesStamper {
    /** Size of the printed number: legible on a printout, small enough to cover little of the page. */
    private static final float FONT_SIZE = 10;
    /** Distance of the number from the page's bottom and right edges, in points (about 1/3 inch). */
    private static final float EDGE = 24;
    private static final float PADDING = 2;

    /** Stamps every page of {@code source} with {@code batesOfPage.apply(i)} (i from 0) into {@code target}; returns the page count. */
    int stamp(Path source, Path target, LongFunction<String> batesOfPage, String fileIdSeed) throws IOException {
        try (PDDocument pdf = Loader.loadPDF(source.toFile(), IOUtils.createTempFileOnlyStreamCache())) {
            int pages = stampAll(pdf, PdfFonts.bold(pdf), batesOfPage);
            ReportPdf.fixFileId(pdf, fileIdSeed);
            PdfA.mark(pdf);
            pdf.save(target.toFile());
            return pages;
        }
    }

    /** A one-page slip sheet standing for a document produced in native form only, stamped with its number. */
    void slipSheet(Path target, String title, String why, LongFunction<String> batesOfPage, String fileIdSeed,
                   java.time.Instant created) throws IOException {
        Path plain = target.resolveSibling(target.getFileName() + ".slip");
        try {
            try (var out = java.nio.file.Files.newOutputStream(plain)) {
                new ReportPdf(title, created).text(why).write(out);
            }
            stamp(plain, target, batesOfPage, fileIdSeed);
        } finally {
            java.nio.file.Files.deleteIfExists(plain);
        }
    }

    private int stampAll(PDDocument pdf, PDFont font, LongFunction<String> batesOfPage) throws IOException {
        int i = 0;
        for (PDPage page : pdf.getPages()) {
            stampPage(pdf, page, font, PdfFonts.printable(font, batesOfPage.apply(i)));
            i++;
        }
        return i;
    }

    private static void stampPage(PDDocument pdf, PDPage page, PDFont font, String bates) throws IOException {
        PDRectangle box = page.getCropBox();
        float width = font.getStringWidth(bates) / 1000f * FONT_SIZE;
        float x = box.getUpperRightX() - EDGE - width;
        float y = box.getLowerLeftY() + EDGE;
        try (PDPageContentStream content = new PDPageContentStream(pdf, page, PDPageContentStream.AppendMode.APPEND,
                true, true)) {
            content.setNonStrokingColor(1f);
            content.addRect(x - PADDING, y - PADDING - 2, width + 2 * PADDING, FONT_SIZE + 2 * PADDING);
            content.fill();
            content.setNonStrokingColor(0f);
            content.beginText();
            content.setFont(font, FONT_SIZE);
            content.newLineAtOffset(x, y);
            content.showText(bates);
            content.endText();
        }
    }
}
