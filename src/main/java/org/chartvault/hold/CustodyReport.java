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
                LocalDate serviceDate, String fileName, String sha256, boolean nativeOnly, ProductionWriter.Source cutFrom) {
    }

    static byte[] pdf(ProductionExport export, Hold hold, List<Item> produced, List<String> notProduced,
                      List<ManifestRow> files, String manifestSha256, long pages) throws IOException {
        ReportPdf report = new ReportPdf("Chain of custody - production " + export.exportId(), export.requestedAt());
        report.field("Matter", hold.matter())
                .field("Legal hold", hold.name() + " (" + hold.holdId() + ")")
                .field("Hold placed by", hold.placedBy() + " at " + hold.placedAt())
                .field("Hold criteria", criteria(hold.criteria()))
                .field("Production requested by", export.requestedBy())
                .field("Production requested at (UTC)", export.requestedAt())
                .field("Produced by", "ChartVault, from its archive, as the documents stood when the production was requested")
                .field("Bates numbers", produced.isEmpty() ? "(no pages)"
                        : produced.get(0).batesBegin() + " to " + produced.get(produced.size() - 1).batesEnd())
                .field("Documents produced", produced.size())
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
        }
        if (!notProduced.isEmpty()) {
            report.heading("Not produced");
            for (String why : notProduced) report.text(why);
        }
        report.heading("Files");
        for (ManifestRow file : files) {
            report.mono(file.path() + "  " + file.bytes() + " bytes");
            report.mono("  SHA-256 " + file.sha256());
        }
        report.heading("Manifest");
        report.mono("manifest.csv SHA-256 " + manifestSha256);
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
