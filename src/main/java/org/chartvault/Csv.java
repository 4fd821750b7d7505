package org.chartvault;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The one CSV configuration (RFC 4180, as spreadsheets write it), on Apache Commons CSV: fields in double quotes
 * may hold commas, line breaks and doubled quotes; lines starting with {@code #} are comments and blank lines are
 * skipped when reading; CRLF line ends and quotes only where a cell needs them when writing.
 */
public final class Csv {
    // a spreadsheet export of a whole hospital is big, but no single field is: stops a runaway quote early
    private static final int MAX_FIELD = 10_000;

    private static final CSVFormat READ = CSVFormat.RFC4180.builder()
            .setCommentMarker('#').setIgnoreEmptyLines(true).get();
    private static final CSVFormat WRITE = CSVFormat.RFC4180;

    /** A row as read, with the line it started on (for error messages). */
    public record Row(int line, List<String> fields) {
        public Row {
            fields = List.copyOf(fields);
        }
    }

    /** Reads rows one at a time; close it to release the reader. */
    public static final class RowReader implements AutoCloseable {
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;

        private RowReader(Reader in) throws IOException {
            parser = CSVParser.builder().setReader(in).setFormat(READ).get();
            records = parser.iterator();
        }

        /** The next row, or null at the end; a quote left open or a runaway field is an {@link IOException}. */
        public Row next() throws IOException {
            CSVRecord record;
            try {
                if (!records.hasNext()) return null;
                record = records.next();
            } catch (UncheckedIOException e) {
                throw new IOException("line " + (parser.getCurrentLineNumber() + 1) + ": " + e.getCause().getMessage(), e);
            }
            List<String> fields = record.toList();
            int breaks = 0;
            for (String field : fields) {
                if (field.length() > MAX_FIELD) {
                    throw new IOException("line " + parser.getCurrentLineNumber() + ": a field is longer than "
                            + MAX_FIELD + " characters (is a quote left open?)");
                }
                breaks += (int) field.chars().filter(c -> c == '\n').count();
            }
            long end = parser.getCurrentLineNumber();
            return new Row((int) (end - breaks), fields);
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    private Csv() {
    }

    public static RowReader reader(Reader in) throws IOException {
        return new RowReader(in);
    }

    /** Every row of the input. */
    public static List<Row> rows(Reader in) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (RowReader reader = reader(in)) {
            for (Row row = reader.next(); row != null; row = reader.next()) rows.add(row);
        }
        return rows;
    }

    /** A printer of rows; closing it flushes them but leaves {@code out} open for its owner. */
    public static CSVPrinter writer(Writer out) throws IOException {
        Writer kept = new FilterWriter(out) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
        return new CSVPrinter(kept, WRITE);
    }
}
