package org.chartvault.audit;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes audit entries as CSV (RFC 4180) for opening in a spreadsheet. Audit cells hold text other people
 * typed (search queries, file names, user names), so a cell that a spreadsheet would run as a formula is
 * neutralised by a leading single quote (CSV injection, OWASP).
 */
final class AuditCsv {
    static final List<String> HEADER = List.of("seq", "time", "user", "roles", "action", "outcome", "targetType",
            "targetId", "clientAddress", "details", "prevHash", "hash", "key", "mac");

    private AuditCsv() {
    }

    static void header(Writer out) throws IOException {
        row(out, HEADER);
    }

    static void entry(Writer out, AuditEntry e) throws IOException {
        row(out, List.of(Long.toString(e.seq()), e.time().toString(), e.user(), String.join(" ", e.roles()),
                e.action(), e.outcome().wire(),
                e.target() == null ? "" : e.target().type(), e.target() == null ? "" : e.target().id(),
                e.clientAddress() == null ? "" : e.clientAddress(), details(e.details()), e.prevHash(), e.hash(),
                e.seal() == null ? "" : e.seal().key(), e.seal() == null ? "" : e.seal().mac()));
    }

    private static void row(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) out.write(',');
            out.write(cell(cells.get(i)));
        }
        out.write("\r\n");
    }

    /**
     * One cell, ready to write: a leading {@code = + - @}, tab or carriage return gets a {@code '} in front so a
     * spreadsheet shows it as text; then the cell is quoted if it holds a comma, quote or line break.
     */
    static String cell(String value) {
        if (value == null || value.isEmpty()) return "";
        String safe = startsDangerously(value) ? "'" + value : value;
        boolean quote = safe.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }

    private static boolean startsDangerously(String value) {
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }

    /** The details column: {@code key=value} pairs in key order, separated by "; ". */
    private static String details(Map<String, String> details) {
        return details.entrySet().stream().map(d -> d.getKey() + "=" + d.getValue()).collect(Collectors.joining("; "));
    }
}
