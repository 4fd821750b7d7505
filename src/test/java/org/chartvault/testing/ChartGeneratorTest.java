package org.chartvault.testing;

import org.chartvault.document.Indexing;
import org.chartvault.testing.ChartPage.Line;
import org.chartvault.testing.ChartPage.Run;
import org.chartvault.testing.ChartPage.Typeface;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartGeneratorTest {

    private final ChartGenerator generator = new ChartGenerator();

    @Test
    void sameSeedGivesSameTextAndSamePixels() {
        ChartPage first = new ChartGenerator().page(5);
        ChartPage second = new ChartGenerator().page(5);

        assertEquals(first, second);
        assertArrayEquals(Pixels.bytes(first.scan(150).image()), Pixels.bytes(second.scan(150).image()));
        assertNotEquals(first.text(), generator.page(6).text());
    }

    @Test
    void seedsGiveManyDifferentPatients() {
        Set<String> names = new HashSet<>(), mrns = new HashSet<>();
        for (long seed = 0; seed < 300; seed++) {
            Patient patient = generator.patient(seed);
            names.add(patient.printedName());
            mrns.add(patient.mrn());
        }
        assertTrue(names.size() > 250, names.size() + " different names in 300 seeds");
        assertEquals(300, mrns.size());
    }

    @Test
    void firstPagePrintsTheIndexingValuesUnderTheirLabels() {
        for (String type : ChartGenerator.DOCUMENT_TYPES) {
            ChartDocument document = generator.document(17, type, 1);
            Indexing expected = document.indexing();
            List<String> lines = document.pages().get(0).groundTruth();

            assertEquals(type, expected.documentType());
            assertEquals(type, lines.get(1));
            assertTrue(lines.get(3).startsWith("Patient: " + expected.patientName() + "    MRN: " + expected.mrn()), lines.get(3));
            assertTrue(expected.mrn().matches("\\d{8}"));
            assertTrue(lines.get(4).startsWith("DOB: " + expected.birthDate().format(ClinicalProse.DATE)
                    + "    Date of service: " + expected.serviceDate().format(ClinicalProse.DATE)), lines.get(4));
            assertTrue(lines.get(5).startsWith("Encounter: " + expected.encounter() + "    Attending: "), lines.get(5));
            assertTrue(expected.serviceDate().isAfter(expected.birthDate()));
        }
    }

    @Test
    void laterPagesContinueTheDocumentAndNumberThemselves() {
        ChartDocument note = generator.document(9, "PROGRESS NOTE", 3);

        assertEquals(3, note.pages().size());
        for (ChartPage page : note.pages()) {
            assertEquals(note.indexing(), page.indexing());
            List<String> lines = page.groundTruth();
            assertTrue(lines.getLast().endsWith("MRN: " + note.indexing().mrn() + "    Page " + page.pageNumber() + " of 3"),
                    lines.getLast());
        }
        assertEquals("PROGRESS NOTE (continued)", note.pages().get(2).groundTruth().get(1));
        assertTrue(note.pages().get(1).words().size() > 150, "a middle page is full of text");
    }

    @Test
    void laboratoryReportCarriesAResultsTable() {
        List<String> lines = generator.document(3, "LABORATORY REPORT", 1).pages().get(0).groundTruth();

        int header = lines.indexOf("Test    Result    Units    Reference range    Flag");
        assertTrue(header > 0, "table header printed");
        assertTrue(lines.get(header + 1).matches("[A-Za-z0-9 ]+ {4}[0-9.]+ {4}\\S+ {4}[0-9.]+-[0-9.]+( {4}[HL])?"), lines.get(header + 1));
    }

    @Test
    void everyLineStaysInsideTheMarginsInEveryTypeface() {
        for (String family : Typeface.FAMILIES) {
            for (float size : new float[] {10, 12}) {
                Typeface face = new Typeface(family, size);
                ChartGenerator fixed = new ChartGenerator(face);
                LongStream.range(0, 12).forEach(seed -> {
                    for (ChartPage page : fixed.document(seed, 2).pages()) {
                        double previous = 0;
                        for (Line line : page.lines()) {
                            assertTrue(line.baseline() > previous && line.baseline() < ChartPage.HEIGHT_POINTS - 36, line.text());
                            previous = line.baseline();
                            for (Run run : line.runs()) {
                                double right = run.x() + face.width(run.text(), run.style());
                                assertTrue(run.x() >= 72 - 0.01 && right <= 540 + 0.01,
                                        family + " " + size + " pt overflows: " + run.text());
                            }
                        }
                    }
                });
            }
        }
    }

    @Test
    void chartHoldsOnePatientsDocumentsOldestFirst() {
        List<ChartDocument> chart = generator.chart(21, 6);

        assertEquals(6, chart.size());
        assertEquals(1, chart.stream().map(d -> d.indexing().mrn()).distinct().count());
        assertEquals(6, chart.stream().map(d -> d.indexing().documentType()).distinct().count());
        for (int i = 1; i < chart.size(); i++) {
            assertTrue(!chart.get(i).indexing().serviceDate().isBefore(chart.get(i - 1).indexing().serviceDate()));
        }
    }

    @Test
    void cleanScanIsALetterPageAtTheRequestedResolution() {
        ChartPage page = generator.page(2);

        ScannedPage at300 = page.scan(300);
        assertEquals(2550, at300.image().getWidth());
        assertEquals(3300, at300.image().getHeight());
        ScannedPage fax = page.scan(Resolution.FAX_FINE);
        assertEquals(1734, fax.image().getWidth());
        assertEquals(2156, fax.image().getHeight());
        assertEquals(page.groundTruth(), at300.groundTruth());
    }

    @Test
    void unknownDocumentTypeIsRefusedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> generator.document(1, "SHOPPING LIST", 1));
        assertTrue(e.getMessage().contains("DISCHARGE SUMMARY"), e.getMessage());
    }
}
