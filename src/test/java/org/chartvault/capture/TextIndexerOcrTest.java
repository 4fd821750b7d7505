package org.chartvault.capture;

import org.chartvault.document.PageContent;
import org.chartvault.testing.TesseractCommand;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Degradation;
import org.chartvault.testing.HeaderVariants;
import org.chartvault.testing.ScannedPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Automatic indexing on what Tesseract really reads: generated first pages, half of them in other hospitals'
 * layouts, printed, scanned bitonal and a little crooked at 300 or 200 DPI, and run through the {@code tesseract}
 * command (5.3, English). Prints precision and recall per field.
 */
class TextIndexerOcrTest {

    @TempDir
    Path dir;

    @Test
    void indexesRealOcrTextOfScannedPages() throws Exception {
        DocumentTypes types = DocumentTypes.standard();
        TextIndexer indexer = new TextIndexer(types, TextIndexerTest.CLOCK);
        ChartGenerator generator = new ChartGenerator();
        IndexingScore score = new IndexingScore();
        List<String> misses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long seed = 500 + i;
            ChartDocument document = generator.document(seed, ChartGenerator.DOCUMENT_TYPES.get(i % 11), 1);
            if (i % 2 == 1) document = HeaderVariants.restyle(document, seed);
            int dpi = i % 3 == 2 ? 200 : 300;
            ScannedPage scan = document.pages().get(0).scan(dpi)
                    .apply(Degradation.skew(i % 2 == 0 ? 0.6 : -0.4).then(Degradation.binarize(150)));
            String text = TesseractCommand.read(ChartFiles.png(scan));

            TextFindings found = indexer.index(List.of(new PageContent(1, scan.image().getWidth(), scan.image().getHeight(),
                    dpi, PageContent.SOURCE_OCR, 0, 0, null, text, List.of(), false)));
            var truth = TextIndexerTest.expected(document, types);
            var taken = found.indexing(TextIndexerTest.TAKE);
            score.add(truth, taken);
            if (!truth.equals(taken)) misses.add("page " + i + ": expected " + truth + "\n   took " + taken + "\n   reasons "
                    + found.reasons(TextIndexerTest.TAKE) + "\n   OCR head: " + text.lines().limit(8).toList());
        }
        System.out.println(score.table("Tesseract 5 text of 10 scanned generated first pages (bitonal, skewed, 200/300 DPI):"));
        misses.forEach(System.out::println);
        assertTrue(score.precision("MRN") >= 0.9 && score.recall("MRN") >= 0.8, "MRN " + score.precision("MRN") + "/" + score.recall("MRN"));
        assertTrue(score.precision("type") >= 0.9 && score.recall("type") >= 0.8, "type");
        assertTrue(score.precision("service date") >= 0.9 && score.recall("service date") >= 0.7, "service date");
        assertTrue(score.precision("birth date") >= 0.9 && score.recall("birth date") >= 0.7, "birth date");
        assertTrue(score.precision("name") >= 0.8 && score.recall("name") >= 0.6, "name");
    }

}
