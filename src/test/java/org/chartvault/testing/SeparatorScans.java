package org.chartvault.testing;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.chartvault.capture.SeparatorSheet;
import org.chartvault.capture.SeparatorSheets;
import org.chartvault.document.Indexing;
import org.chartvault.testing.ChartPage.Line;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * ChartVault's own separator sheets as they come back from the scanner: the PDF from {@link SeparatorSheets}
 * printed (rasterised by PDFBox at the scan resolution, 8-bit gray), ready for {@link Degradation}s.
 *
 * <pre>{@code
 * ScannedPage sheet = SeparatorScans.scan(new SeparatorSheet("00573910", "Progress note", date, null, null), 200)
 *         .apply(Degradation.skew(2).then(Degradation.binarize(150)).then(Degradation.rotate(180)));
 * }</pre>
 *
 * The scan's {@link ScannedPage#printed()} lists the sheet's large print as ground truth, with
 * {@link Indexing#EMPTY}: a separator is not a page of any document.
 */
public final class SeparatorScans {
    private SeparatorScans() {
    }

    public static ScannedPage scan(SeparatorSheet sheet, int dpi) {
        byte[] pdf = new SeparatorSheets().pdf(sheet);
        try (PDDocument document = Loader.loadPDF(pdf)) {
            BufferedImage image = new PDFRenderer(document).renderImageWithDPI(0, dpi, ImageType.GRAY);
            return new ScannedPage(image, Resolution.dpi(dpi), printed(sheet), 0, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ChartPage printed(SeparatorSheet sheet) {
        List<String> text = new ArrayList<>(List.of("CHARTVAULT SEPARATOR SHEET",
                "Do not remove. ChartVault takes this sheet out of the scanned document."));
        if (sheet.isNextDocument()) {
            text.add("NEXT DOCUMENT");
        } else {
            if (sheet.mrn() != null) text.add("MRN " + sheet.mrn());
            if (sheet.patientName() != null) text.add("Patient " + sheet.patientName());
            if (sheet.documentType() != null) text.add("Document type " + sheet.documentType());
            if (sheet.serviceDate() != null) text.add("Date of service " + sheet.serviceDate());
            if (sheet.encounter() != null) text.add("Encounter " + sheet.encounter());
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) lines.add(new Line(80 + 30 * i, List.of(), text.get(i)));
        return new ChartPage(Indexing.EMPTY, 1, 1, ChartPage.Typeface.DEFAULT, lines);
    }
}
