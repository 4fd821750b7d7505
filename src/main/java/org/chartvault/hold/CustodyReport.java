package org.chartvault.hold;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

/**
 * The chain-of-custody report of a production: what was produced (every document with its Bates range, every file
 * with its SHA-256), from which hold, requested by whom and when, and the SHA-256 of manifest.csv, so that the
 * production can be shown to be complete and unaltered. It cannot list its own hash or the ZIP's; those are in the
 * export record and the audit trail.
 */
final class CustodyReport {
    private CustodyReport() {
    }

    /**
     * One produced document as the report lists it.
     *
     * @param cutFrom the scan(s) and pages a document not produced as its upload whole came from; null otherwise
     */
    record Item(String batesBegin, String batesEnd, int pages, String documentId, String mrn, String documentType,
                LocalDate serviceDate, String fileName, String sha256, boolean nativeOnly, ProductionWriter.Source cutFrom,
                String scannedBy, java.time.Instant scannedAt, String batchId) {
    }

    /**
     * The certification of a custodian of records under Federal Rule of Evidence 902(11), in the words of FRE
     * 803(6)(A)-(C), so the records can be admitted without the custodian testifying. Signed by hand.
     */
    static String certification(Custodian custodian, ProductionExport export) {
        return "I, " + (custodian.name() == null ? "________________________________" : custodian.name()) + ", "
                + (custodian.title() == null ? "________________________________" : custodian.title()) + " of "
                + custodian.organization() + ", am a custodian of its records or another qualified person, and I "
                + "certify under penalty of perjury that the records produced in production " + export.exportId()
                + " (the documents listed in this report, identified by Bates number and SHA-256) are true copies of "
                + "records that (A) were made at or near the time of the occurrence of the matters set forth by, or from "
                + "information transmitted by, a person with knowledge of those matters; (B) were kept in the course of "
                + "the regularly conducted activity of " + custodian.organization() + "; and (C) were made by that "
                + "regularly conducted activity as a regular practice. Paper records were scanned into the archive in "
                + "the regular course of business, as recorded for each document below (who scanned it, when, in which "
                + "batch, and the SHA-256 of the scanned file), and have not been altered since.";
    }

    static byte[] pdf(ProductionExport export, Hold hold, Custodian custodian, List<Item> produced,
                      List<String> notProduced, List<ManifestRow> files, String manifestSha256, long pages)
            throws IOException {
        ReportPdf report = new ReportPdf("Chain of custody - production " + export.exportId(), export.requestedAt());
        ProductionTerms terms = export.terms();
        report.field("Matter", hold.matter())
                .field("Custodian of the records", custodian.organization())
                .field("Legal hold", hold.name() + " (" + hold.holdId() + ")")
                .field("Hold placed by", hold.placedBy() + " at " + hold.placedAt())
                .field("Hold criteria", criteria(hold.criteria()))
                .field("Production requested by", export.requestedBy())
                .field("Production requested at (UTC)", export.requestedAt())
                .field("Produced by", "ChartVault, from its archive, as the documents stood when the production was requested")
                .field("Recipient", terms.recipient() == null ? "(not recorded)" : terms.recipient().display()
                        + (terms.recipient().address() == null ? "" : ", " + terms.recipient().address())
                        + (terms.recipient().party() ? " (a party to the matter)" : " (not a party to the matter)"))
                .field("Delivery", terms.delivery() == null ? "(not recorded)" : terms.delivery().method()
                        + (terms.delivery().date() == null ? "" : ", " + terms.delivery().date()))
                .field("Bates numbers", produced.isEmpty() ? "(no pages)"
                        : produced.get(0).batesBegin() + " to " + produced.get(produced.size() - 1).batesEnd())
                .field("Documents produced", produced.size())
                .field("Documents withheld", notProduced.size())
                .field("Pages", pages)
                .gap()
                .text("Every native file was read from the archive and its SHA-256 compared with the SHA-256 recorded "
                        + "for it (at upload, or, for a document cut from a larger scan or joined from several, when the "
                        + "file of its own pages was made from the uploaded scans named below); all matched. Such a "
                        + "native holds that document's pages only. Each searchable PDF is the archived one with the Bates "
                        + "number printed at the foot of every page. Documents without page images are represented by "
                        + "a one-page slip sheet.")
                .heading("Documents");
        for (Item item : produced) {
            report.text(item.batesBegin() + (item.pages() > 1 ? " - " + item.batesEnd() : "") + "  (" + item.pages()
                    + (item.pages() == 1 ? " page" : " pages") + (item.nativeOnly() ? ", slip sheet" : "") + ")  "
                    + item.documentId() + "  MRN " + orNone(item.mrn()) + "  " + orNone(item.documentType()) + "  "
                    + (item.serviceDate() == null ? "date unknown" : item.serviceDate().toString()) + "  "
                    + orNone(item.fileName()));
            report.mono("original SHA-256 " + item.sha256());
            if (item.cutFrom() != null) {
                report.mono("  made of scan " + item.cutFrom().sha256().replace(";", ", ") + " page(s) "
                        + item.cutFrom().pages().replace(";", "; "));
            }
            report.text("  scanned by " + orNone(item.scannedBy()) + " at " + (item.scannedAt() == null ? "(unknown)"
                    : item.scannedAt() + " UTC") + ", batch " + orNone(item.batchId()));
        }
        if (!notProduced.isEmpty()) {
            report.heading("Withheld (held but not produced)");
            for (String why : notProduced) report.text(why);
        }
        if (!terms.protectedRecords().isEmpty()) {
            report.heading("Legal basis for specially protected records");
            for (ProductionTerms.ProtectedRecords p : terms.protectedRecords()) report.text(p.category() + ": " + p.describe());
        }
        report.heading("Files");
        for (ManifestRow file : files) {
            report.mono(file.path() + "  " + file.bytes() + " bytes");
            report.mono("  SHA-256 " + file.sha256());
        }
        report.heading("Manifest");
        report.mono("manifest.csv SHA-256 " + manifestSha256);
        report.heading("Certification of the custodian of records (FRE 902(11))");
        report.text(certification(custodian, export));
        report.gap().gap();
        report.text("Signature: ______________________________________    Date: ____________________");
        report.text("Name: " + (custodian.name() == null ? "______________________________________" : custodian.name())
                + "    Title: " + (custodian.title() == null ? "______________________________" : custodian.title()));
        report.text(custodian.organization());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report.write(out);
        return out.toByteArray();
    }

    static String criteria(HoldCriteria c) {
        StringBuilder s = new StringBuilder();
        s.append(c.mrns().isEmpty() ? "any patient" : "MRN " + String.join(", ", c.mrns()));
        if (c.query() != null) s.append("; text matching ").append(c.query());
        if (c.from() != null || c.to() != null) {
            s.append("; service dates ").append(c.from() == null ? "any" : c.from()).append(" to ")
                    .append(c.to() == null ? "any" : c.to()).append(" (and unknown)");
        }
        return s.toString();
    }

    private static String orNone(String s) {
        return s == null ? "(none)" : s;
    }
}
