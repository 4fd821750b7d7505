package org.chartvault.retention;

import org.chartvault.hold.ReportPdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The certificate of destruction of one purge run, kept as JSON and PDF under {@code retention/certificates/}: which
 * documents were destroyed (patient, dates, file and its SHA-256), the rule that made each eligible, who approved the
 * destruction and when it was done. It is itself kept for good (the store's legal hold is set on it).
 */
public record DestructionCertificate(String certificateId, String runId, LocalDate asOf, String approvedBy,
                                     Instant approvedAt, Instant completedAt, String note,
                                     List<RetentionItem> destroyed, List<Patient> patients,
                                     List<RetentionItem> skipped) {

    /** A patient whose documents were destroyed, and how many. */
    public record Patient(String mrn, String patientName, LocalDate birthDate, int documents) {
    }

    static DestructionCertificate of(RetentionRun run) {
        Map<String, List<RetentionItem>> byPatient = new LinkedHashMap<>();
        for (RetentionItem item : run.destroyed()) {
            byPatient.computeIfAbsent(item.mrn() == null ? "" : item.mrn(), k -> new ArrayList<>()).add(item);
        }
        List<Patient> patients = new ArrayList<>();
        byPatient.forEach((mrn, items) -> patients.add(new Patient(mrn.isEmpty() ? null : mrn,
                items.get(0).patientName(), items.get(0).birthDate(), items.size())));
        return new DestructionCertificate("cod-" + run.runId(), run.runId(), run.asOf(), run.approvedBy(),
                run.startedAt(), run.finishedAt(), run.note(), run.destroyed(), patients, run.skipped());
    }

    byte[] pdf() throws IOException {
        ReportPdf report = new ReportPdf("Certificate of destruction " + certificateId, completedAt);
        report.field("Purge run", runId)
                .field("Retention periods judged as of", asOf)
                .field("Destruction approved by", approvedBy)
                .field("Approved at (UTC)", approvedAt)
                .field("Destruction completed at (UTC)", completedAt)
                .field("Note", note)
                .field("Documents destroyed", destroyed.size())
                .field("Patients", patients.size())
                .gap()
                .text("The documents below were deleted from ChartVault's archive and search index: the original file, "
                        + "page images, page text, searchable PDF and metadata with its earlier versions. Each was past "
                        + "its retention period under the rule shown and under no legal hold.")
                .heading("Patients");
        for (Patient p : patients) {
            report.text("MRN " + orNone(p.mrn()) + "  " + orNone(p.patientName()) + "  born "
                    + (p.birthDate() == null ? "unknown" : p.birthDate()) + "  -  " + p.documents() + " document(s)");
        }
        report.heading("Documents destroyed");
        for (RetentionItem item : destroyed) {
            report.text(item.documentId() + "  MRN " + orNone(item.mrn()) + "  " + orNone(item.patientName()) + "  "
                    + orNone(item.documentType()) + "  service " + item.serviceDate() + "  " + item.pages()
                    + " page(s)  " + orNone(item.fileName()));
            report.text("    kept until " + item.retainUntil() + " under: " + item.rule() + "; destroyed " + item.destroyedAt());
            report.mono("    original SHA-256 " + item.sha256());
        }
        if (!skipped.isEmpty()) {
            report.heading("Kept although past (or of unknown) retention");
            for (RetentionItem item : skipped) {
                report.text(item.documentId() + "  MRN " + orNone(item.mrn()) + "  " + orNone(item.documentType())
                        + "  -  " + item.reason());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report.write(out);
        return out.toByteArray();
    }

    private static String orNone(String s) {
        return s == null ? "(none)" : s;
    }
}
