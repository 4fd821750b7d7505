package org.chartvault.release;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.chartvault.pdf.PdfA;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.List;

/**
 * The accounting of disclosures as a PDF a patient can be given (45 CFR 164.528): for each disclosure in the
 * period that the rule requires (see {@link Accounting}), its date, the recipient and their address, a brief description
 * of what was disclosed and the purpose. It is PDF/A-2b.
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
                    report.field("Date", disclosure.date().toString());
                    report.field("Recipient", disclosure.requester().display());
                    report.field("Address", disclosure.requester().address() == null ? "not known"
                            : disclosure.requester().address());
                    report.field("What was disclosed", disclosure.whatWasDisclosed());
                    report.field("Purpose", disclosure.purpose());
                    if (disclosure.legalBasis() != null) report.field("Basis", disclosure.legalBasis());
                    report.field("Reference", disclosure.releaseId());
                }
                report.gap(8);
                report.small("This accounting lists the disclosures of the patient's records in the period shown that "
                        + "45 CFR 164.528 requires: it does not list disclosures to the patient or at the patient's request, "
                        + "for treatment, payment or health care operations, under the patient's written authorization, "
                        + "or the others the rule exempts.");
            }
            pdf.getDocumentInformation().setTitle("Accounting of disclosures");
            pdf.getDocumentInformation().setCreator("ChartVault");
            PdfA.mark(pdf);
            pdf.save(out);
        }
    }
}
