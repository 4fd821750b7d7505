package org.chartvault.release;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.chartvault.pdf.PdfA;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.List;

/**
 * The accounting of disclosures as a PDF a patient can be given (45 CFR 164.528): for each disclosure in the
 * period, its date, the recipient and their address, what was disclosed and the purpose. It is PDF/A-2b.
 */
final class DisclosureReportWriter {

    /** Writes the report of {@code disclosures} (already limited to the period and sorted by date). */
    void write(String mrn, String patientName, LocalDate from, LocalDate to, LocalDate produced,
               List<Disclosure> disclosures, OutputStream out) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PdfText text = PdfText.embedIn(pdf);
            try (PdfLayout report = new PdfLayout(pdf, text, "CONFIDENTIAL — accounting of disclosures, MRN " + mrn)) {
                report.title("Accounting of Disclosures");
                report.field("Patient", patientName);
                report.field("MRN", mrn);
                report.field("Period", from + " to " + to + " (the six years before the request)");
                report.field("Produced", produced.toString());
                report.field("Disclosures", Integer.toString(disclosures.size()));
                report.gap(6);
                if (disclosures.isEmpty()) {
                    report.paragraph("No disclosures of this patient's records are recorded for this period.");
                }
                for (Disclosure disclosure : disclosures) {
                    report.heading(disclosure.date() + " — " + disclosure.requester().display());
                    report.field("Recipient", disclosure.requester().display());
                    report.field("Address", disclosure.requester().address());
                    report.field("Purpose", disclosure.purpose());
                    report.field("Authorization", disclosure.authorization() == null ? "none" : disclosure.authorization());
                    report.field("Release", disclosure.releaseId() + " (released by " + disclosure.releasedBy() + ")");
                    report.field("Disclosed", disclosure.documents().size() + " document(s), " + disclosure.pages() + " page(s)");
                    for (ReleasedDocument document : disclosure.documents()) {
                        report.bullet(PacketWriter.describe(document.documentType(), document.serviceDate())
                                + " — page(s) " + PacketWriter.ranges(document.pages()));
                    }
                }
                report.gap(8);
                report.small("This accounting lists the disclosures of the patient's records made through the "
                        + "hospital's release-of-information office in the period shown.");
            }
            pdf.getDocumentInformation().setTitle("Accounting of disclosures");
            pdf.getDocumentInformation().setCreator("ChartVault");
            PdfA.mark(pdf);
            pdf.save(out);
        }
    }
}
