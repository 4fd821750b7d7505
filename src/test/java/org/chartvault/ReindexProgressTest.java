package org.chartvault;

import org.chartvault.index.IndexRebuild;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReindexProgressTest {

    @Test
    void aLineSaysPagesAndDocumentsOfTheirTotalsTheRateAndTheTimeLeft() {
        // 3 s since the start, of which 1 s reading the records: 4,200 pages in 2 s of indexing
        String line = ReindexProgress.line(new IndexRebuild.Status(IndexRebuild.Phase.INDEXING, 2_010, 5_000, 4_200,
                10_000, 3_000_000_000L), 1_000_000_000L);

        assertTrue(line.contains(" 42% 4,200/10,000 pages"), line);
        assertTrue(line.contains("2,010/5,000 documents"), line);
        assertTrue(line.contains("2,100 pages/s"), line);
        assertTrue(line.endsWith("0:03 left"), line);
    }

    @Test
    void withoutATerminalEachUpdateShownIsAPlainLineAndTheLastOneSaysDone() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] clock = {0};
        ReindexProgress progress = new ReindexProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false,
                () -> clock[0]);

        progress.update(new IndexRebuild.Status(IndexRebuild.Phase.INDEXING, 1, 3, 2, 6, 1_000_000_000L));
        clock[0] = 4_000_000_000L; // within the 5 s between two lines: not shown
        progress.update(new IndexRebuild.Status(IndexRebuild.Phase.INDEXING, 2, 3, 4, 6, 1_100_000_000L));
        progress.update(new IndexRebuild.Status(IndexRebuild.Phase.COMMITTING, 3, 3, 6, 6, 1_200_000_000L));
        progress.update(new IndexRebuild.Status(IndexRebuild.Phase.DONE, 3, 3, 6, 6, 61_500_000_000L));

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split(System.lineSeparator());
        assertFalse(bytes.toString(StandardCharsets.UTF_8).contains("\r"));
        assertEquals(3, lines.length, String.join("\n", lines));
        assertTrue(lines[0].contains("2/6 pages"), lines[0]);
        assertTrue(lines[1].endsWith("saving the index to disk"), lines[1]);
        assertTrue(lines[2].contains("6/6 pages  3/3 documents"), lines[2]);
        assertTrue(lines[2].endsWith("done in 1:02"), lines[2]);
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReindexProgress progress = new ReindexProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);

        progress.update(new IndexRebuild.Status(IndexRebuild.Phase.READING_RECORDS, 5, 10, 0, 0, 1_000_000L));
        progress.update(new IndexRebuild.Status(IndexRebuild.Phase.DONE, 10, 10, 30, 30, 3_000_000_000L));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("\rReading  [###############---------------]  50% 5/10 document records"), out);
        assertTrue(out.contains("\rIndexed  [##############################] 100% 30/30 pages"), out);
        assertTrue(out.endsWith(System.lineSeparator()), out);
    }
}
