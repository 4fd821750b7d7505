package org.chartvault.capture;

import org.chartvault.document.Indexing;
import org.chartvault.testing.CaptureStream;
import org.chartvault.testing.CaptureStream.ExpectedDocument;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartFiles.TiffCompression;
import org.chartvault.testing.ChartGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamSplitterTest {

    private final StreamSplitter splitter = new StreamSplitter();

    /**
     * A batch as the scanning room makes it: several patients' documents behind ChartVault separator sheets, some
     * labelled, bitonal, crooked, some upside down, duplex (every sheet's blank back follows it), stored as one
     * multi-page CCITT G4 TIFF. Splitting it from the barcodes alone gives the documents, without a separator page
     * in any of them, with the sheets' and labels' values.
     */
    @ParameterizedTest(name = "{0} DPI")
    @ValueSource(ints = {200, 300})
    void scannedBatchSplitsIntoItsDocumentsAtTheSeparators(int dpi) throws IOException {
        ChartGenerator generator = new ChartGenerator();
        List<ChartDocument> documents = new ArrayList<>(generator.chart(dpi, 3));
        documents.add(generator.document(dpi + 1, 2));
        documents.add(generator.document(dpi + 2, 1));
        CaptureStream batch = CaptureStream.withSeparators(documents, CaptureStream.Options.typical(dpi), dpi);
        List<BufferedImage> pages = ChartFiles.readTiff(ChartFiles.tiff(batch.pages(), TiffCompression.CCITT_G4));
        assertEquals(batch.pages().size(), pages.size());

        BarcodeScanner scanner = new BarcodeScanner();
        List<PageBarcodes> barcodes = pages.stream().map(scanner::scan).toList();
        List<StreamSplitter.Part> parts = splitter.split(barcodes);

        assertEquals(batch.documents().size(), parts.size());
        for (int d = 0; d < parts.size(); d++) {
            StreamSplitter.Part part = parts.get(d);
            ExpectedDocument expected = batch.documents().get(d);
            List<Integer> expectedPages = Stream.concat(expected.contentPages().stream(), expected.blankPages().stream()).sorted().toList();
            assertEquals(expectedPages, part.pages(), "pages of document " + d);
            assertTrue(part.pages().stream().noneMatch(batch.separatorPages()::contains));
            assertEquals(expected.sheet(), part.sheet(), "sheet of document " + d);
            assertTrue(part.reasons().isEmpty(), part.reasons().toString());

            Indexing values = part.indexing();
            boolean mrnOnBarcode = !expected.sheet().isNextDocument() || expected.label() != null;
            assertEquals(mrnOnBarcode ? expected.truth().mrn() : null, values.mrn(), "MRN of document " + d);
            if (!expected.sheet().isNextDocument()) {
                assertEquals(expected.truth().documentType(), values.documentType());
                assertEquals(expected.truth().serviceDate(), values.serviceDate());
            }
            if (expected.label() != null) {
                assertEquals(List.of(expected.label().mrn()), part.labels().stream().map(l -> l.label().mrn()).toList());
                assertEquals(expected.contentPages().get(0), part.labels().get(0).page());
            } else {
                assertTrue(part.labels().isEmpty(), "no label on document " + d + ": " + part.labels());
            }
        }
        long labelled = batch.documents().stream().filter(e -> e.label() != null).count();
        long plainSheets = batch.documents().stream().filter(e -> e.sheet().isNextDocument()).count();
        System.out.printf("%d DPI: %d pages, %d documents, %d with labels, %d behind plain next-document sheets%n",
                dpi, pages.size(), parts.size(), labelled, plainSheets);
    }

    @Test
    void pagesBeforeTheFirstSheetAreADocumentAndTwoSheetsInARowMakeNone() {
        SeparatorSheet sheet = new SeparatorSheet("1234567", null, null, null, null);
        List<PageBarcodes> stream = List.of(PageBarcodes.NONE, PageBarcodes.NONE, separator(sheet),
                separator(SeparatorSheet.nextDocument()), PageBarcodes.NONE, separator(sheet));

        List<StreamSplitter.Part> parts = splitter.split(stream);

        assertEquals(2, parts.size());
        assertEquals(List.of(0, 1), parts.get(0).pages());
        assertNull(parts.get(0).sheet());
        assertEquals(List.of(4), parts.get(1).pages());
        assertTrue(parts.get(1).sheet().isNextDocument());
    }

    @Test
    void aLabelAssignsTheDocumentAndALabelThatDisagreesIsAReason() {
        PatientLabel label = new PatientLabel("7654321", "E55");
        List<PageBarcodes> agreeing = List.of(separator(SeparatorSheet.nextDocument()), PageBarcodes.NONE, labelled(label));
        StreamSplitter.Part part = splitter.split(agreeing).get(0);
        assertEquals("7654321", part.indexing().mrn());
        assertEquals("E55", part.indexing().encounter());
        assertEquals(Source.LABEL, part.mrn().findings().get(0).source());
        assertTrue(part.reasons().isEmpty());

        SeparatorSheet sheet = new SeparatorSheet("1234567", "Progress note", LocalDate.of(2022, 5, 1), null, null);
        StreamSplitter.Part conflict = splitter.split(List.of(separator(sheet), labelled(label))).get(0);
        assertTrue(conflict.mrn().isAmbiguous());
        assertNull(conflict.indexing().mrn());
        assertEquals("Progress note", conflict.indexing().documentType());
        assertEquals(List.of("The separator sheet says MRN 1234567 but the patient label on page 2 says 7654321."), conflict.reasons().stream().map(org.chartvault.document.ReviewReason::text).toList());

        StreamSplitter.Part twoPatients = splitter.split(List.of(labelled(label), labelled(new PatientLabel("1111111", null)))).get(0);
        assertNull(twoPatients.indexing().mrn());
        assertTrue(twoPatients.reasons().get(0).text().startsWith("Patient labels of different patients in one document"));
    }

    @Test
    void aDamagedSheetStillSplitsAndSaysWhy() {
        PageBarcodes damaged = new PageBarcodes(SeparatorSheet.nextDocument(), List.of(),
                List.of("A ChartVault separator sheet could not be used: separator barcode checksum does not match."));

        List<StreamSplitter.Part> parts = splitter.split(List.of(PageBarcodes.NONE, damaged, PageBarcodes.NONE));

        assertEquals(2, parts.size());
        assertEquals(damaged.problems(), parts.get(1).reasons().stream().map(org.chartvault.document.ReviewReason::text).toList());
    }

    private static PageBarcodes separator(SeparatorSheet sheet) {
        return new PageBarcodes(sheet, List.of(), List.of());
    }

    private static PageBarcodes labelled(PatientLabel label) {
        return new PageBarcodes(null, List.of(label), List.of());
    }
}
