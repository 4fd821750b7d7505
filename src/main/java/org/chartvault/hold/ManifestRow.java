package org.chartvault.hold;

import org.apache.commons.csv.CSVPrinter;
import org.chartvault.Csv;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One file of a production as {@code manifest.csv} lists it. The contract's columns come first (path, sha256,
 * bytes, documentId, Bates range); {@code batesBegin}/{@code batesEnd} repeat the range split (a prefix may hold '-'),
 * and {@code kind} says what the file is. {@code sourceSha256} and {@code sourcePages} name the uploaded scan(s) the
 * document's pages came from and their pages there (runs separated by ';', "?" where not recorded): for a document cut
 * from a larger scan, its native is a file of its own pages and this is where they lie. Load files belong to no
 * document and have no range or source.
 */
record ManifestRow(String path, String sha256, long bytes, String documentId, String batesBegin, String batesEnd,
                   String kind, String sourceSha256, String sourcePages) {
    static final String NATIVE = "native", IMAGE = "image", TEXT = "text", LOAD_FILE = "load-file";
    static final List<String> HEADER = List.of("path", "sha256", "bytes", "documentId", "batesRange", "batesBegin",
            "batesEnd", "kind", "sourceSha256", "sourcePages");

    String batesRange() {
        return batesBegin == null ? "" : batesBegin + "-" + batesEnd;
    }

    /** RFC 4180 CSV, UTF-8, CRLF line ends, a header line first. */
    static byte[] csv(List<ManifestRow> rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = Csv.writer(out)) {
            csv.printRecord(HEADER);
            for (ManifestRow r : rows) {
                csv.printRecord(List.of(r.path, r.sha256, Long.toString(r.bytes), nullToEmpty(r.documentId), r.batesRange(),
                        nullToEmpty(r.batesBegin), nullToEmpty(r.batesEnd), r.kind, nullToEmpty(r.sourceSha256),
                        nullToEmpty(r.sourcePages)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
