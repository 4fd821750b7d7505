package org.chartvault.capture;

import org.chartvault.testing.BlankPages;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.Degradation;
import org.chartvault.testing.LabelStickers;
import org.chartvault.testing.LabelStickers.Symbology;
import org.chartvault.testing.ScannedPage;
import org.chartvault.testing.SeparatorScans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BarcodeScannerTest {

    private final BarcodeScanner scanner = new BarcodeScanner();
    private final ChartGenerator generator = new ChartGenerator();

    @ParameterizedTest(name = "{0} at {1} DPI, skew {2}, turned {3}")
    @CsvSource({
            "CODE_128, 200, 1.5, 0", "CODE_128, 200, -2, 180", "CODE_128, 300, 2, 180", "CODE_128, 300, -1, 90",
            "DATA_MATRIX, 200, 1.5, 0", "DATA_MATRIX, 200, -2, 180", "DATA_MATRIX, 300, 2, 180", "DATA_MATRIX, 300, -1, 270"})
    void patientLabelOnAChartPageIsRead(Symbology symbology, int dpi, double skew, int turn) throws IOException {
        ChartPage page = generator.page(21);
        String mrn = page.indexing().mrn();
        // Code 128 labels carry the MRN only (a longer text would not fit the label at 15 mil); DataMatrix adds the encounter
        PatientLabel label = new PatientLabel(mrn, symbology == Symbology.DATA_MATRIX ? page.indexing().encounter() : null);
        ScannedPage scan = LabelStickers.stick(page.scan(dpi), label.barcodeText(), symbology, "MRN " + mrn)
                .apply(Degradation.skew(skew).then(Degradation.binarize(150)));
        ScannedPage stored = SeparatorSheetsTest.throughG4(scan).apply(Degradation.rotate(turn));

        PageBarcodes found = scanner.scan(stored.image());

        assertNull(found.separator());
        assertEquals(List.of(label), found.labels());
    }

    /** Scanners and fax lines on a bad day: every code still reads, and a plain page still has none. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fax", "fax with specks", "skewed 4 degrees", "skewed 6 degrees the other way", "blurred",
            "thin print", "heavy print", "noisy gray", "JPEG 0.3", "rescanned at 150 DPI"})
    void codesSurviveHarshScanning(String how) {
        Degradation scanner = switch (how) {
            case "fax" -> Degradation.fax();
            case "fax with specks" -> Degradation.fax().then(Degradation.saltAndPepper(0.005, 1));
            case "skewed 4 degrees" -> Degradation.skew(4).then(Degradation.binarize(150));
            case "skewed 6 degrees the other way" -> Degradation.skew(-6).then(Degradation.binarize(150));
            case "blurred" -> Degradation.blur(1.5).then(Degradation.binarize(140));
            case "thin print" -> Degradation.binarize(90);
            case "heavy print" -> Degradation.binarize(220);
            case "noisy gray" -> Degradation.gaussianNoise(20, 3);
            case "JPEG 0.3" -> Degradation.jpeg(0.3f);
            default -> Degradation.resample(org.chartvault.testing.Resolution.dpi(150)).then(Degradation.binarize(150));
        };
        SeparatorSheet sheet = new SeparatorSheet("00573910", "Discharge summary", LocalDate.of(2024, 1, 5), "O'DONNELL, GRACE", null);
        ChartPage page = generator.page(5);
        PatientLabel withEncounter = new PatientLabel(page.indexing().mrn(), page.indexing().encounter());
        for (int dpi : new int[] {200, 300}) {
            String where = how + " at " + dpi + " DPI";
            assertEquals(sheet, scanner(scanner, SeparatorScans.scan(sheet, dpi)).separator(), where);
            assertEquals(List.of(new PatientLabel(withEncounter.mrn(), null)), scanner(scanner, LabelStickers.stick(page.scan(dpi),
                    "MRN:" + withEncounter.mrn(), Symbology.CODE_128, "")).labels(), where + ", Code 128");
            assertEquals(List.of(withEncounter), scanner(scanner, LabelStickers.stick(page.scan(dpi),
                    withEncounter.barcodeText(), Symbology.DATA_MATRIX, "")).labels(), where + ", DataMatrix");
            assertTrue(scanner(scanner, page.scan(dpi)).isEmpty(), where + ", plain page");
        }
    }

    private PageBarcodes scanner(Degradation how, ScannedPage page) {
        return scanner.scan(page.apply(how).image());
    }

    @Test
    void bareMrnInCode128IsAPatientLabel() {
        ChartPage page = generator.page(22);
        ScannedPage scan = LabelStickers.stick(page.scan(200), page.indexing().mrn(), Symbology.CODE_128, "")
                .apply(Degradation.binarize(150));

        assertEquals(List.of(new PatientLabel(page.indexing().mrn(), null)), scanner.scan(scan.image()).labels());
    }

    @Test
    void aLabelIsReadOnAGrayScanToo() {
        ChartPage page = generator.page(23);
        ScannedPage scan = LabelStickers.stick(page.scan(300), "MRN:" + page.indexing().mrn(), Symbology.CODE_128, "")
                .apply(Degradation.skew(1).then(Degradation.gaussianNoise(6, 23)));

        assertEquals(page.indexing().mrn(), scanner.scan(scan.image()).labels().get(0).mrn());
    }

    /**
     * Ordinary pages (text, tables, bold headings, gray and bitonal, clean and noisy) and every kind of blank back
     * carry no barcode. Prints the time per page, which matters because most pages are like these.
     */
    @Test
    void ordinaryPagesAndBlankBacksHaveNoBarcode() {
        Map<String, List<Double>> millis = new TreeMap<>();
        for (int warmUp = 0; warmUp < 3; warmUp++) scanner.scan(generator.page(900 + warmUp).scan(300).image());
        for (int i = 0; i < 24; i++) {
            ChartPage page = generator.document(300 + i, ChartGenerator.DOCUMENT_TYPES.get(i % 11), 1).pages().get(0);
            int dpi = i % 2 == 0 ? 300 : 200;
            ScannedPage scan = switch (i % 4) {
                case 0, 1 -> page.scan(dpi).apply(Degradation.skew(i % 3 - 1.0).then(Degradation.binarize(150)));
                case 2 -> page.scan(dpi).apply(Degradation.gaussianNoise(8, i).then(Degradation.skew(1.2)));
                default -> page.scan(dpi).apply(Degradation.fax().then(Degradation.saltAndPepper(0.002, i)));
            };
            assertNoBarcode(scan, (scan.isBitonal() ? "bitonal " : "gray ") + dpi + " DPI chart page", millis);
        }
        for (int i = 0; i < 12; i++) {
            int dpi = i % 2 == 0 ? 300 : 200;
            ScannedPage back = switch (i % 3) {
                case 0 -> BlankPages.backOfSheet(dpi, i);
                case 1 -> BlankPages.withMark(dpi, i);
                default -> BlankPages.withBleedThrough(generator.page(i), dpi, i);
            };
            assertNoBarcode(i % 2 == 0 ? back : back.apply(Degradation.binarize(150)), "blank back " + dpi + " DPI", millis);
        }
        millis.forEach((kind, ms) -> System.out.println(summary("no barcode, CPU: " + kind, ms)));
    }

    /** Prints the time for pages that do carry a code, for comparison. */
    @Test
    void timeForPagesWithCodes() {
        Map<String, List<Double>> millis = new TreeMap<>();
        SeparatorSheet sheet = new SeparatorSheet("00573910", "Progress note", LocalDate.of(2023, 3, 1), null, null);
        for (int i = 0; i < 8; i++) {
            int dpi = i % 2 == 0 ? 300 : 200;
            ScannedPage separator = SeparatorScans.scan(sheet, dpi).apply(Degradation.skew(1).then(Degradation.binarize(150)));
            time(separator, "separator " + dpi + " DPI", millis);
            ChartPage page = generator.page(40 + i);
            Symbology symbology = i % 4 < 2 ? Symbology.CODE_128 : Symbology.DATA_MATRIX;
            ScannedPage labelled = LabelStickers.stick(page.scan(dpi), "MRN:" + page.indexing().mrn(), symbology, "")
                    .apply(Degradation.skew(-1).then(Degradation.binarize(150)));
            assertEquals(1, time(labelled, symbology + " label " + dpi + " DPI", millis).labels().size());
        }
        millis.forEach((kind, ms) -> System.out.println(summary("CPU: " + kind, ms)));
    }

    private void assertNoBarcode(ScannedPage scan, String kind, Map<String, List<Double>> millis) {
        PageBarcodes found = time(scan, kind, millis);
        assertTrue(found.isEmpty(), kind + ": " + found);
    }

    /**
     * Times one scan in CPU time of this thread (other builds share the machine, so wall time says little) and
     * in wall time.
     */
    private PageBarcodes time(ScannedPage scan, String kind, Map<String, List<Double>> millis) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime(), wall = System.nanoTime();
        PageBarcodes found = scanner.scan(scan.image());
        millis.computeIfAbsent(kind, k -> new ArrayList<>()).add((threads.getCurrentThreadCpuTime() - cpu) / 1e6);
        millis.computeIfAbsent(kind + " (wall)", k -> new ArrayList<>()).add((System.nanoTime() - wall) / 1e6);
        return found;
    }

    private static String summary(String kind, List<Double> ms) {
        List<Double> sorted = ms.stream().sorted().toList();
        return String.format(Locale.ROOT, "%-48s pages %2d  median %6.1f ms  max %6.1f ms", kind, sorted.size(),
                sorted.get(sorted.size() / 2), sorted.getLast());
    }
}
