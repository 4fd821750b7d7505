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
import java.util.Objects;

/**
 * The certificate of destruction of one purge, kept as JSON and PDF under {@code retention/certificates/}, with the
 * elements of AHIMA's sample certificate: the facility, the records destroyed (patients, documents, inclusive dates of
 * service), the retention rule that made each eligible, the method, date and time of destruction, the approved
 * destruction list and who approved it, who destroyed the records and who witnessed it, and the statement that they
 * were destroyed in the normal course of business under a proper retention schedule. It says what was not destroyed:
 * a source scan kept because other documents cut from it remain, and copies that left the archive earlier (release
 * packets, productions), which are outside its control. It is itself kept for good (the store's legal hold is set on it).
 */
public record DestructionCertificate(String certificateId, String runId, String facility, LocalDate asOf,
                                     String listId, String approvedBy, Instant approvedAt, String destroyedBy,
                                     String witness, String method, Instant completedAt, String note,
                                     LocalDate inclusiveFrom, LocalDate inclusiveTo, String statement,
                                     List<RetentionItem> destroyed, List<Patient> patients,
                                     List<RetentionItem> skipped, List<String> notDestroyed,
                                     List<String> copiesOutsideTheArchive) {

    /** AHIMA's words: destruction as part of the facility's ordinary course, not of a lawsuit or an investigation. */
    public static final String NORMAL_COURSE = "The records listed were destroyed in the normal course of business "
            + "under a proper retention schedule. None of them was, to the knowledge of those signing, the subject of "
            + "pending or foreseeable litigation, investigation or audit: every document under a legal hold was kept.";

    /** A patient whose documents were destroyed, and how many. */
    public record Patient(String mrn, String patientName, LocalDate birthDate, int documents) {
    }

    static DestructionCertificate of(RetentionRun run, String facility) {
        Map<String, List<RetentionItem>> byPatient = new LinkedHashMap<>();
        for (RetentionItem item : run.destroyed()) {
            byPatient.computeIfAbsent(item.mrn() == null ? "" : item.mrn(), k -> new ArrayList<>()).add(item);
        }
        List<Patient> patients = new ArrayList<>();
        byPatient.forEach((mrn, items) -> patients.add(new Patient(mrn.isEmpty() ? null : mrn,
                items.get(0).patientName(), items.get(0).birthDate(), items.size())));
        List<LocalDate> dates = run.destroyed().stream().map(RetentionItem::serviceDate).filter(Objects::nonNull).sorted().toList();
        List<String> kept = new ArrayList<>();
        List<String> outside = new ArrayList<>();
        for (RetentionItem item : run.destroyed()) {
            for (String scan : item.keptScans()) kept.add(item.documentId() + ": " + scan);
            for (String copy : item.copiesOutside()) outside.add(item.documentId() + ": " + copy);
        }
        return new DestructionCertificate("cod-" + run.runId(), run.runId(), facility, run.asOf(), run.listId(),
                run.approvedBy(), run.approvedAt(), run.destroyedBy(), run.witness(), run.method(), run.finishedAt(),
                run.note(), dates.isEmpty() ? null : dates.get(0), dates.isEmpty() ? null : dates.get(dates.size() - 1),
                NORMAL_COURSE, run.destroyed(), patients, run.skipped(), kept, outside);
    }

    byte[] pdf() throws IOException {
        ReportPdf report = new ReportPdf("Certificate of destruction " + certificateId, completedAt);
        report.field("Facility", facility)
                .field("Purge run", runId)
                .field("Approved destruction list", listId)
                .field("List approved by", approvedBy)
                .field("Approved at (UTC)", approvedAt)
                .field("Retention periods judged as of", asOf)
                .field("Method of destruction", method)
                .field("Destruction completed at (UTC)", completedAt)
                .field("Destroyed by", destroyedBy)
                .field("Witnessed by", witness)
                .field("Inclusive dates of service", inclusiveFrom == null ? "(none recorded)" : inclusiveFrom + " to " + inclusiveTo)
                .field("Documents destroyed", destroyed.size())
                .field("Patients", patients.size())
                .field("Note", note)
                .gap()
                .text(statement)
                .text("Each document below was past its retention period under the rule shown and under no legal hold. "
                        + "What was destroyed of it, and what was not, is stated with it.")
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
            report.mono("    document file SHA-256 " + item.sha256());
            for (String scan : item.keptScans()) report.text("    NOT destroyed: " + scan);
        }
        if (!notDestroyed.isEmpty()) {
            report.heading("Not destroyed: source scans still in use");
            report.text("A scanned stream cut into several documents is stored once. Destroying one of its documents "
                    + "destroys that document's own pages, images, text and file; the scanned stream stays while other "
                    + "documents cut from it remain, and goes with the last of them.");
            for (String line : notDestroyed) report.mono(line);
        }
        report.heading("Copies outside the archive's control");
        if (copiesOutsideTheArchive.isEmpty()) {
            report.text("No copy of these documents was released in a packet or produced in an export by ChartVault.");
        } else {
            report.text("These copies left the archive before the destruction (release packets, productions). They are "
                    + "outside the archive's control and were not destroyed by this run.");
            for (String line : copiesOutsideTheArchive) report.text(line);
        }
        if (!skipped.isEmpty()) {
            report.heading("Kept although past (or of unknown) retention");
            for (RetentionItem item : skipped) {
                report.text(item.documentId() + "  MRN " + orNone(item.mrn()) + "  " + orNone(item.documentType())
                        + "  -  " + item.reason());
            }
        }
        report.heading("Signatures");
        report.text("Destroyed by: " + orNone(destroyedBy) + "    Signature: ______________________________    Date: ____________");
        report.text("Witnessed by: " + orNone(witness) + "    Signature: ______________________________    Date: ____________");
        report.text("Destruction list approved by: " + orNone(approvedBy) + " at " + approvedAt);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report.write(out);
        return out.toByteArray();
    }

    private static String orNone(String s) {
        return s == null ? "(none)" : s;
    }
}
