package org.chartvault.chart;

import org.chartvault.patient.Patient;
import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditEntry;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.AuditPage;
import org.chartvault.audit.AuditQuery;
import org.chartvault.hold.ReportPdf;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who accessed a patient's records, read from the audit trail: every entry about any of the patient's MRNs or the
 * documents filed under them (see {@link AuditQuery.Records}) in a date range, newest first, with who, what,
 * when and from which address. The patient access report a privacy officer answers a patient's request with.
 */
public final class PatientAccessReport {
    /** Longest report: a patient's trail beyond this is narrowed by dates (the report says it was cut). */
    public static final int MAX_ENTRIES = 10_000;

    private final AuditLog audit;
    private final PatientChart chart;

    public PatientAccessReport(AuditLog audit, PatientChart chart) {
        this.audit = audit;
        this.chart = chart;
    }

    /** One access: the entry as the trail has it, with its action in words. */
    public record Access(long seq, Instant time, String user, List<String> roles, String action, String label,
                         String targetType, String targetId, String clientAddress, String outcome,
                         Map<String, String> details) {
        static Access of(AuditEntry e) {
            return new Access(e.seq(), e.time(), e.user(), e.roles(), e.action(), AuditActions.label(e.action()),
                    e.target() == null ? null : e.target().type(), e.target() == null ? null : e.target().id(),
                    e.clientAddress(), e.outcome().wire(), e.details());
        }
    }

    /**
     * @param from      first day (UTC) covered, or null for the start of the trail
     * @param to        last day (UTC) covered, inclusive, or null for today
     * @param truncated true when more than {@link #MAX_ENTRIES} matched: narrow the dates
     */
    public record Report(String mrn, Set<String> mrns, LocalDate from, LocalDate to, Instant created,
                         List<Access> accesses, boolean truncated) {
    }

    /** {@code to} is inclusive; days are UTC, as the audit trail files them. */
    public Report of(String mrn, LocalDate from, LocalDate to, Instant now) throws IOException {
        AuditQuery.Records records = chart.records(mrn);
        Set<String> mrns = records.mrns();
        AuditQuery query = new AuditQuery(from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), null, null, null, 0,
                AuditQuery.MAX_LIMIT, records);
        AuditPage page = audit.all(query, MAX_ENTRIES);
        return new Report(mrn, mrns, from, to, now, page.entries().stream().map(Access::of).toList(), page.more());
    }

    /** The report as PDF/A-2b: one block per access, newest first. */
    public static void writePdf(Report report, OutputStream out) throws IOException {
        ReportPdf pdf = new ReportPdf("Patient access report", report.created());
        pdf.field("MRN", report.mrn());
        if (report.mrns().size() > 1) {
            pdf.field("Also known as (merged MRNs)", String.join(", ", report.mrns().stream().filter(m -> !m.equals(report.mrn())).toList()));
        }
        pdf.field("Period", (report.from() == null ? "start of the audit trail" : report.from().toString()) + " to "
                + (report.to() == null ? "the time of this report" : report.to().toString()) + " (UTC days)");
        pdf.field("Created", report.created());
        pdf.field("Accesses", report.accesses().size() + (report.truncated() ? " (the first " + MAX_ENTRIES
                + " only; narrow the dates for the rest)" : ""));
        pdf.text("Every access to this patient's records in the audit trail: views, searches that returned the patient's "
                + "pages, downloads, prints, releases, exports, holds, uploads and changes, newest first.");
        if (report.accesses().isEmpty()) pdf.gap().text("No access to this patient's records was recorded in this period.");
        for (Access a : report.accesses()) {
            pdf.gap();
            pdf.text(a.time() + "  " + a.label() + (a.outcome().equals("success") ? "" : " (" + a.outcome() + ")"));
            pdf.mono("by " + a.user() + (a.roles().isEmpty() ? "" : " (" + String.join(", ", a.roles()) + ")")
                    + " from " + (a.clientAddress() == null ? "ChartVault itself" : a.clientAddress())
                    + (a.targetType() == null ? "" : "; " + a.targetType() + " " + a.targetId())
                    + "; audit entry " + a.seq());
        }
        pdf.write(out);
    }
}
