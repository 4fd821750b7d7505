package org.chartvault;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvTest {

    @Test
    void rowsKeepTheLineTheyStartOnPastCommentsBlankLinesAndQuotedLineBreaks() throws IOException {
        List<Csv.Row> rows = Csv.rows(new StringReader(
                "# a comment\na,b\n\n\"two\nlines\",c\n\"say \"\"hi\"\"\",d\n"));

        assertEquals(List.of(new Csv.Row(2, List.of("a", "b")), new Csv.Row(4, List.of("two\nlines", "c")),
                new Csv.Row(6, List.of("say \"hi\"", "d"))), rows);
    }

    @Test
    void aRunawayQuoteIsRefusedWithItsLine() {
        IOException e = assertThrows(IOException.class, () -> Csv.rows(new StringReader(
                "a,b\n\"never closed," + "x".repeat(20_000))));
        assertTrue(e.getMessage().startsWith("line "), e.getMessage());
    }
}
