package org.chartvault.capture;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Comma-separated values as spreadsheets write them (RFC 4180): fields in double quotes may hold commas,
 * line breaks and doubled quotes. Lines starting with {@code #} outside quotes are comments; blank lines are
 * skipped. Each row remembers the line it started on, for error messages.
 */
public final class CsvReader {
    // a spreadsheet export of a whole hospital is big, but no single field is: stops a runaway quote
    private static final int MAX_FIELD = 10_000;

    public record Row(int line, List<String> fields) {
        public Row {
            fields = List.copyOf(fields);
        }
    }

    private final Reader in;
    private int line = 1;
    private int peeked = -2;

    public CsvReader(Reader in) {
        this.in = in;
    }

    /** Every row; a quote left open at the end of the input is an error. */
    public List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Row row = next(); row != null; row = next()) rows.add(row);
        return rows;
    }

    /** The next row, or null at the end of the input. */
    public Row next() throws IOException {
        while (true) {
            int c = peek();
            if (c == -1) return null;
            if (c == '\r' || c == '\n') {
                endOfLine();
                continue;
            }
            if (c == '#') {
                while (peek() != -1 && peek() != '\n' && peek() != '\r') read();
                continue;
            }
            return row();
        }
    }

    private Row row() throws IOException {
        int start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false, wasQuoted = false;
        while (true) {
            int c = read();
            if (quoted) {
                if (c == -1) throw new IOException("line " + start + ": a quoted field is not closed");
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        field.append('"');
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') line++;
                    field.append((char) c);
                }
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = wasQuoted = true;
            } else if (c == ',') {
                fields.add(wasQuoted ? field.toString() : field.toString().strip());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == -1 || c == '\n' || c == '\r') {
                if (c != -1) {
                    if (c == '\r' && peek() == '\n') read();
                    line++;
                }
                fields.add(wasQuoted ? field.toString() : field.toString().strip());
                return new Row(start, fields);
            } else {
                field.append((char) c);
            }
            if (field.length() > MAX_FIELD) throw new IOException("line " + start + ": a field is longer than " + MAX_FIELD + " characters");
        }
    }

    private void endOfLine() throws IOException {
        if (read() == '\r' && peek() == '\n') read();
        line++;
    }

    private int peek() throws IOException {
        if (peeked == -2) peeked = in.read();
        return peeked;
    }

    private int read() throws IOException {
        int c = peek();
        peeked = -2;
        return c;
    }
}
