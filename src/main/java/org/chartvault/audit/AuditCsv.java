package org.chartvault.audit;

import org.apache.commons.csv.CSVPrinter;
import org.chartvault.Csv;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes audit entries as CSV for opening in a spreadsheet, a header line first. Audit cells hold text other
 * people typed (search queries, file names, user names), so a cell that a spreadsheet would run as a formula is
 * neutralised by a leading single quote (CSV injection, OWASP).
 */
final class AuditCsv implements AutoCloseable {
    static final List<String> HEADER = List.of("seq", "time", "user", "roles", "action", "outcome", "targetType",
            "targetId", "clientAddress", "details", "prevHash", "hash", "key", "mac");

    private final CSVPrinter rows;

    AuditCsv(Writer out) throws IOException {
        rows = Csv.writer(out);
        rows.printRecord(HEADER);
    }

    void entry(AuditEntry e) throws IOException {
        rows.printRecord(List.of(Long.toString(e.seq()), e.time().toString(), e.user(), String.join(" ", e.roles()),
                        e.action(), e.outcome().wire(),
                        e.target() == null ? "" : e.target().type(), e.target() == null ? "" : e.target().id(),
                        e.clientAddress() == null ? "" : e.clientAddress(), details(e.details()), e.prevHash(), e.hash(),
                        e.seal() == null ? "" : e.seal().key(), e.seal() == null ? "" : e.seal().mac())
                .stream().map(AuditCsv::neutralised).toList());
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }

    /** A leading {@code = + - @}, tab or carriage return gets a {@code '} in front so a spreadsheet shows it as text. */
    static String neutralised(String value) {
        if (value == null || value.isEmpty()) return "";
        char first = value.charAt(0);
        boolean formula = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return formula ? "'" + value : value;
    }

    /** The details column: {@code key=value} pairs in key order, separated by "; ". */
    private static String details(Map<String, String> details) {
        return details.entrySet().stream().map(d -> d.getKey() + "=" + d.getValue()).collect(Collectors.joining("; "));
    }
}
