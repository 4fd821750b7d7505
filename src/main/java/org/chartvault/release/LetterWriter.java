package org.chartvault.release;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.chartvault.pdf.PdfA;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/** A request's letter as a PDF/A-2b from its template: the heading, the filled-in paragraphs, the invoice's charges. */
public final class LetterWriter {
    /** The Secretary's address for complaints: the Office for Civil Rights of HHS. */
    static final String HHS_OCR = "the Secretary of the U.S. Department of Health and Human Services, Office for "
            + "Civil Rights, 200 Independence Avenue, S.W., Washington, D.C. 20201, telephone 1-800-368-1019, or online "
            + "at www.hhs.gov/ocr/complaints";

    /**
     * What a clerk adds when producing a letter: for a denial, its grounds (the request's denial reason when not
     * given), whether the denial can be reviewed (164.524(a)(4)) and how to ask for the review.
     */
    public record Details(String grounds, Boolean reviewable, String reviewHow) {
        public static final Details NONE = new Details(null, null, null);
    }

    byte[] write(LetterKind kind, Release release, RequestType type, Details details, LetterTemplates.Stored templates,
                 LocalDate today) throws IOException {
        Map<String, String> values = values(release, type, templates, today);
        switch (kind) {
            case EXTENSION_NOTICE -> {
                if (release.extension() == null) {
                    throw new ReleaseConflictException("not-extended", "Release " + release.releaseId()
                            + " has no extension; record it first, and its notice is produced with it.");
                }
            }
            case DENIAL -> {
                String grounds = details.grounds() != null && !details.grounds().isBlank() ? details.grounds().strip() : release.denialReason();
                if (grounds == null) {
                    throw new ReleaseConflictException("not-denied", "Release " + release.releaseId() + " is not denied; "
                            + "deny it with the reason, or give the grounds of a partial denial as 'grounds'.");
                }
                if (details.reviewable() == null) {
                    throw new InvalidReleaseException("bad-letter", "Say whether the denial can be reviewed ('reviewable': "
                            + "true or false); the letter must tell the requester (45 CFR 164.524(d)(2)(ii)).");
                }
                values.put("grounds", grounds);
                values.put("review", review(details, templates));
                values.put("complaint", "You may complain about this decision to " + templates.contact() + " at "
                        + templates.hospital() + ", and to " + HHS_OCR + ". No one at " + templates.hospital()
                        + " will act against you for filing a complaint.");
            }
            case INVOICE -> {
                if (release.fee() == null) {
                    throw new ReleaseConflictException("no-fee", "Release " + release.releaseId() + " has no fee quoted; quote it first.");
                }
            }
            default -> {
            }
        }
        LetterTemplate template = templates.template(kind);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PDDocument pdf = new PDDocument()) {
            PdfText text = PdfText.embedIn(pdf);
            try (PdfLayout letter = new PdfLayout(pdf, text, "CONFIDENTIAL — " + template.title() + ", request " + release.releaseId())) {
                letter.small(templates.hospital());
                letter.title(template.title());
                letter.field("Date", today.toString());
                letter.field("To", release.requester().display());
                letter.field("Address", release.requester().address());
                letter.field("Patient", release.patientName());
                letter.field("MRN", release.mrn());
                letter.field("Request", release.releaseId() + ", received " + release.receivedDate());
                letter.gap(8);
                for (String paragraph : template.fill(values).split("\\n\\s*\\n")) {
                    if (!paragraph.isBlank()) letter.paragraph(paragraph.strip().replaceAll("\\s*\\n\\s*", " "));
                }
                if (kind == LetterKind.INVOICE) charges(letter, release.fee());
            }
            pdf.getDocumentInformation().setTitle(template.title());
            pdf.getDocumentInformation().setCreator("ChartVault");
            PdfA.mark(pdf);
            pdf.save(out);
        }
        return out.toByteArray();
    }

    private static String review(Details details, LetterTemplates.Stored templates) {
        if (!details.reviewable()) {
            return "This denial is on a ground the law does not allow to be reviewed (45 CFR 164.524(a)(2)).";
        }
        String how = details.reviewHow() != null && !details.reviewHow().isBlank() ? " " + details.reviewHow().strip()
                : " To ask for a review, write to " + templates.contact() + " at " + templates.hospital() + ".";
        return "You have the right to have this denial reviewed by a licensed health care professional chosen by "
                + templates.hospital() + " who did not take part in the decision to deny (45 CFR 164.524(a)(4)); "
                + "we will give you access, or tell you the result, as that professional decides." + how;
    }

    private static void charges(PdfLayout letter, Fee fee) throws IOException {
        letter.heading("Charges");
        for (FeeLine line : fee.lines()) letter.field(line.kind().wire(), "$" + line.amount() + "  " + line.description());
        letter.field("Total", "$" + fee.total());
        if (fee.waiver() != null) letter.field("Waived", "by " + fee.waiver().by() + ": " + fee.waiver().reason());
        for (Fee.Payment p : fee.payments()) {
            letter.field("Paid " + p.receivedOn(), "$" + p.amount() + " by " + p.method() + (p.reference() == null ? "" : " (" + p.reference() + ")"));
        }
        letter.field("Balance due", "$" + fee.balance());
    }

    private static Map<String, String> values(Release r, RequestType type, LetterTemplates.Stored templates, LocalDate today) {
        Map<String, String> v = new HashMap<>();
        v.put("today", today.toString());
        v.put("hospital", templates.hospital());
        v.put("contact", templates.contact());
        v.put("patientName", r.patientName() != null ? r.patientName() : "the patient (MRN " + r.mrn() + ")");
        v.put("mrn", r.mrn());
        v.put("requester", r.requester().display());
        v.put("requesterAddress", r.requester().address());
        v.put("releaseId", r.releaseId());
        v.put("receivedDate", String.valueOf(r.receivedDate()));
        v.put("dueDate", String.valueOf(r.dueDate()));
        v.put("purpose", r.purpose());
        v.put("requestType", type.name());
        v.put("pages", Integer.toString(r.releasedPageCount()));
        if (r.extension() != null) {
            v.put("extensionReason", r.extension().reason());
            v.put("firstDueDate", r.extension().firstDueDate().toString());
            v.put("newDueDate", r.extension().newDueDate().toString());
        } else {
            v.put("firstDueDate", String.valueOf(r.dueDate()));
        }
        if (r.fee() != null) {
            v.put("feeTotal", r.fee().total().toPlainString());
            v.put("balance", r.fee().balance().toPlainString());
        } else {
            v.put("feeTotal", "0.00");
            v.put("balance", "0.00");
        }
        return v;
    }
}
