package org.chartvault.release;

import org.chartvault.Sha256;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.chartvault.amendment.Amendment;
import org.chartvault.amendment.AmendmentStatus;
import org.chartvault.document.PageContent;
import org.chartvault.ocr.SearchablePdfWriter;
import org.chartvault.pdf.PdfA;

import javax.imageio.ImageIO;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;
import java.util.stream.Collectors;

/**
 * Writes the release packet: a cover sheet (requester, patient, purpose, what is in the packet and what was
 * left out and why, the releasing clerk), then every released page as its stored image with redactions burned
 * in, the remaining words as invisible text, and a strip below the page with its Bates number and the
 * confidentiality notice (plus Part 2's notice on Part 2 records). Nothing of the original page is covered.
 * Right after a document's pages come the amendments linked to it (45 CFR 164.526(c)(1), (d)(4)-(5)): an accepted
 * amendment, or a denied request with the patient's statement of disagreement and any rebuttal, as they stood when
 * the packet was released. Those pages carry no Bates number, like the cover sheet.
 * <p>
 * The packet is PDF/A-2b. The same release record and pages give the same bytes: the PDF's dates are the release's,
 * its file ID is derived from the release id, and nothing else varies.
 */
public final class PacketWriter {
    private static final float STAMP_SIZE = 9;
    private static final float NOTICE_SIZE = 6.5f;
    private static final float STAMP_MARGIN = 18;

    /**
     * 42 CFR 2.32(a)(1), Statement 1, as amended by the 2024 final rule (89 FR 12472, February 16, 2024; compliance
     * from February 16, 2026): the notice that must go with every disclosure of Part 2 records made with the patient's
     * written consent. Word for word from the regulation's text (eCFR, 42 CFR 2.32 "Notice and copy of consent to
     * accompany disclosure"); one paragraph per element, printed in this order.
     */
    static final List<String> PART2_NOTICE = List.of(
            "This record which has been disclosed to you is protected by Federal confidentiality rules (42 CFR part 2). "
                    + "These rules prohibit you from using or disclosing this record, or testimony that describes the "
                    + "information contained in this record, in any civil, criminal, administrative, or legislative "
                    + "proceedings by any Federal, State, or local authority, against the patient, unless authorized by "
                    + "the consent of the patient, except as provided at 42 CFR 2.12(c)(5) or as authorized by a court in "
                    + "accordance with 42 CFR 2.64 or 2.65. In addition, the Federal rules prohibit you from making any "
                    + "other use or disclosure of this record unless at least one of the following applies:",
            "(i) Further use or disclosure is expressly permitted by the written consent of the individual whose "
                    + "information is being disclosed in this record or as otherwise permitted by 42 CFR part 2.",
            "(ii) You are a covered entity or business associate and have received the record for treatment, payment, "
                    + "or health care operations, or",
            "(iii) You have received the record from a covered entity or business associate as permitted by 45 CFR "
                    + "part 164, subparts A and E.",
            "A general authorization for the release of medical or other information is NOT sufficient to meet the "
                    + "required elements of written consent to further use or redisclose the record (see 42 CFR 2.31).");
    /** 42 CFR 2.32(a)(2), Statement 2 (2024 text): the short form, printed on each page of a Part 2 record. */
    static final String PART2_PAGE_NOTICE = "42 CFR part 2 prohibits unauthorized use or disclosure of these records.";

    /** Where the writer reads a page's stored content and image. */
    public interface Pages {
        PageContent content(String documentId, int page) throws IOException;

        byte[] imagePng(String documentId, int page) throws IOException;
    }

    /** What was written: pages of the cover sheet and in all, and the Bates numbers of the first and last page. */
    public record Written(int coverPages, int pages, String firstBates, String lastBates) {
    }

    /** The amendments that go with a document disclosed at a moment (see {@code AmendmentService.disclosedWith}). */
    @FunctionalInterface
    public interface Amendments {
        List<Amendment> disclosedWith(String documentId, java.time.Instant releasedAt) throws IOException;
    }

    private final SearchablePdfWriter searchable;
    private final Amendments amendments;

    public PacketWriter(SearchablePdfWriter searchable, Amendments amendments) {
        this.searchable = searchable;
        this.amendments = amendments;
    }

    /**
     * Writes the packet of {@code release}, which must carry its release date, releasing clerk and Bates settings.
     */
    public Written write(Release release, Pages pages, OutputStream out) throws IOException {
        if (release.releaseDate() == null || release.releasedAt() == null || release.settings() == null) {
            throw new IllegalArgumentException("the release must be dated and numbered before its packet is written");
        }
        ReleaseSettings numbering = release.settings();
        try (PDDocument pdf = new PDDocument(IOUtils.createTempFileOnlyStreamCache())) {
            PdfText text = PdfText.embedIn(pdf);
            int coverPages = coverSheet(pdf, text, release);
            SearchablePdfWriter.Appender appender = searchable.appender(pdf);
            int n = 0;
            for (ReleasedDocument document : release.included()) {
                for (int number : document.pages()) {
                    n++;
                    List<Rectangle> boxes = release.redactions().stream()
                            .filter(r -> r.isOn(document.documentId(), number)).map(Redaction::box).toList();
                    PageContent content = pages.content(document.documentId(), number);
                    BufferedImage image = ImageIO.read(new ByteArrayInputStream(pages.imagePng(document.documentId(), number)));
                    if (image == null) {
                        throw new IOException("page " + number + " of " + document.documentId() + ": the stored image is not a PNG");
                    }
                    PDPage page = appender.add(Redactor.withoutRedactedWords(content, boxes), Redactor.burn(image, boxes));
                    stamp(pdf, page, text, numbering.bates(n), footer(release), document.part2());
                }
                for (Amendment amendment : amendments.disclosedWith(document.documentId(), release.releasedAt())) {
                    amendmentPages(pdf, text, release, document, amendment);
                }
            }
            describe(pdf, release);
            PdfA.mark(pdf);
            pdf.save(out);
            return new Written(coverPages, pdf.getNumberOfPages(), n == 0 ? null : numbering.bates(1),
                    n == 0 ? null : numbering.bates(n));
        }
    }

    private int coverSheet(PDDocument pdf, PdfText text, Release release) throws IOException {
        ReleaseSettings numbering = release.settings();
        try (PdfLayout cover = new PdfLayout(pdf, text, "CONFIDENTIAL — release " + release.releaseId() + ", cover sheet")) {
            cover.title("Release of Information — Confidential");
            cover.field("Release", release.releaseId());
            cover.field("Date released", release.releaseDate().toString());
            cover.field("Released by", release.releasedBy());
            cover.gap(4);
            cover.field("Patient", release.patientName());
            cover.field("MRN", release.mrn());
            cover.gap(4);
            Requester requester = release.requester();
            cover.field("Requester", requester.name());
            cover.field("Organization", requester.organisation());
            cover.field("Address", requester.address());
            cover.field("Purpose", release.purpose());
            cover.field("Request type", release.type());
            cover.field("Legal basis", release.legalBasis() == null ? "not recorded" : release.legalBasis());
            cover.field("Request received", release.receivedDate() + " (due " + release.dueDate() + ")");
            Authorization authorization = release.authorization();
            cover.field("Authorization", authorization == null ? "none on file"
                    : authorization.describe() + (authorization.file() == null ? "" : "; signed form on file"));
            if (authorization != null) cover.field("Scope", authorization.describeScope());

            int total = release.releasedPageCount();
            cover.heading("Included: " + release.included().size() + " document(s), " + total + " page(s)"
                    + (total == 0 ? "" : ", Bates " + numbering.bates(1) + " to " + numbering.bates(total)));
            int next = 1;
            for (ReleasedDocument document : release.included()) {
                int count = document.pages().size();
                long redacted = release.redactions().stream()
                        .filter(r -> r.documentId().equals(document.documentId()) && document.pages().contains(r.page()))
                        .count();
                cover.bullet(describe(document.documentType(), document.serviceDate()) + " — " + document.documentId()
                        + " — page(s) " + ranges(document.pages()) + " — " + count + " page(s), Bates "
                        + numbering.bates(next) + (count > 1 ? " to " + numbering.bates(next + count - 1) : "")
                        + (redacted == 0 ? "" : " — " + redacted + " redaction(s)")
                        + (document.category() == null ? "" : " — protected category " + document.category()
                        + ", named in the authorization")
                        + amended(amendments.disclosedWith(document.documentId(), release.releasedAt())));
                next += count;
            }
            if (release.included().isEmpty()) cover.paragraph("No pages are released.");

            if (!release.excluded().isEmpty()) {
                cover.heading("Left out: " + release.excluded().stream().mapToInt(e -> e.pages().size()).sum() + " page(s)");
                for (ExcludedPages left : release.excluded()) {
                    cover.bullet(describe(left.documentType(), left.serviceDate()) + " — " + left.documentId()
                            + " — page(s) " + ranges(left.pages()) + ": " + left.reason());
                }
            }
            cover.heading("Total pages released: " + total);
            cover.gap(6);
            cover.small("CONFIDENTIAL. These pages contain protected health information disclosed under the privacy "
                    + "rules of HIPAA (45 CFR Parts 160 and 164) for the purpose stated above. The recipient may not "
                    + "use or disclose it further except as the authorization or the law permits; redisclosure is "
                    + "prohibited. If you received this packet in error, notify the sender and destroy it.");
            if (release.includesPart2()) {
                cover.gap(4);
                cover.heading("Notice to accompany disclosure (42 CFR 2.32)");
                for (String paragraph : PART2_NOTICE) cover.small(paragraph);
                consentScope(cover, release);
            }
            cover.close();
            return cover.pages();
        }
    }

    /** What the cover sheet says follows a document's pages: its amendments and disputed-record statements. */
    private static String amended(List<Amendment> linked) {
        long accepted = linked.stream().filter(a -> a.status() == AmendmentStatus.ACCEPTED).count();
        long disputed = linked.size() - accepted;
        if (linked.isEmpty()) return "";
        return " — followed by " + (accepted == 0 ? "" : accepted + " amendment(s)") + (accepted > 0 && disputed > 0 ? " and " : "")
                + (disputed == 0 ? "" : disputed + " denied amendment request(s) with the patient's statement");
    }

    /** The amendment linked to a released document, set as its own page(s) right after the document's pages. */
    private static void amendmentPages(PDDocument pdf, PdfText text, Release release, ReleasedDocument document,
                                       Amendment amendment) throws IOException {
        boolean accepted = amendment.status() == AmendmentStatus.ACCEPTED;
        try (PdfLayout page = new PdfLayout(pdf, text, "CONFIDENTIAL — release " + release.releaseId() + ", "
                + (accepted ? "amendment " : "disputed record, amendment request ") + amendment.amendmentId())) {
            page.title(accepted ? "Amendment to the record" : "Amendment request denied — statement of disagreement");
            page.paragraph((accepted ? "The patient asked to amend the document above and the request was accepted. "
                    : "The patient asked to amend the document above and the request was denied. ")
                    + "This page goes with every disclosure of it (45 CFR 164.526).");
            page.field("Document", describe(document.documentType(), document.serviceDate()) + " — " + document.documentId());
            page.field("Patient", amendment.patientName());
            page.field("MRN", amendment.mrn());
            page.field("Requested by", amendment.request().requester());
            page.field("Request received", amendment.request().receivedDate().toString());
            page.field("What is wrong", amendment.request().whatIsWrong());
            page.field("Change requested", amendment.request().requestedChange());
            Amendment.Decision decision = amendment.decision();
            page.field(accepted ? "Accepted" : "Denied", decision.decidedOn() + " by " + decision.by());
            if (accepted) {
                page.heading("Amendment");
                page.paragraph(decision.amendmentText());
                return;
            }
            page.field("Basis", decision.basis().sentence() + (decision.explanation() == null ? "" : " " + decision.explanation()));
            if (amendment.disagreement() != null) {
                page.heading("The patient's statement of disagreement (received " + amendment.disagreement().receivedDate() + ")");
                page.paragraph(amendment.disagreement().text());
            } else {
                page.paragraph("The patient asked that this request and its denial go with disclosures of the document.");
            }
            if (amendment.rebuttal() != null) {
                page.heading("The hospital's rebuttal (" + amendment.rebuttal().receivedDate() + ")");
                page.paragraph(amendment.rebuttal().text());
            }
        }
    }

    /**
     * 42 CFR 2.32(b): a disclosure made with the patient's consent carries a copy of the consent or a clear
     * explanation of its scope. The packet carries the scope as recorded, element by element, and names the stored
     * scan of the signed form by its SHA-256; a disclosure under a §2.64 court order carries the order instead.
     */
    private static void consentScope(PdfLayout cover, Release release) throws IOException {
        Authorization consent = release.authorization();
        cover.heading("Scope of the consent under which Part 2 records are disclosed (42 CFR 2.32(b))");
        if (consent == null) {
            cover.paragraph(release.legalOrder() == null ? "No consent is recorded."
                    : "Disclosed without the patient's consent under " + release.legalOrder().describe() + ".");
            return;
        }
        cover.field("Consent", consent.describe() + (consent.authorizationId() == null ? "" : " [" + consent.authorizationId() + "]"));
        cover.field("Patient", consent.patientName());
        cover.field("Information", consent.description());
        cover.field("May disclose", consent.discloser());
        cover.field("To", consent.recipient());
        cover.field("Purpose", consent.purpose());
        cover.field("Expires", consent.expires() != null ? consent.expires().toString() : consent.expirationEvent());
        cover.field("Signed", consent.signedBy() + (consent.signedOn() == null ? "" : ", " + consent.signedOn())
                + (consent.representative() == null ? "" : " (representative: " + consent.representative().name()
                + ", " + consent.representative().authority() + ")"));
        cover.field("Scope", consent.describeScope());
        if (consent.file() != null) {
            cover.field("Signed form on file", consent.file().fileName() + ", SHA-256 " + consent.file().sha256());
        }
    }

    /** A strip added below the page (the page grows; the image is not covered) with the Bates number and notices. */
    private static void stamp(PDDocument pdf, PDPage page, PdfText text, String bates, String footer, boolean part2)
            throws IOException {
        PDRectangle box = page.getMediaBox();
        float width = box.getWidth();
        float batesWidth = text.width(bates, STAMP_SIZE);
        List<String> lines = new ArrayList<>(text.wrap(footer, NOTICE_SIZE, width - 3 * STAMP_MARGIN - batesWidth));
        if (part2) lines.addAll(text.wrap(PART2_PAGE_NOTICE, NOTICE_SIZE, width - 3 * STAMP_MARGIN - batesWidth));
        float lineHeight = NOTICE_SIZE * 1.3f;
        float strip = Math.max(STAMP_SIZE * 2.5f, lines.size() * lineHeight + 12);
        page.setMediaBox(new PDRectangle(box.getLowerLeftX(), box.getLowerLeftY() - strip, width, box.getHeight() + strip));
        try (PDPageContentStream content = new PDPageContentStream(pdf, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
            float top = box.getLowerLeftY();
            text.show(content, bates, STAMP_SIZE, box.getLowerLeftX() + width - STAMP_MARGIN - batesWidth, top - 6 - STAMP_SIZE);
            float y = top - 6 - NOTICE_SIZE;
            for (String line : lines) {
                text.show(content, line, NOTICE_SIZE, box.getLowerLeftX() + STAMP_MARGIN, y);
                y -= lineHeight;
            }
        }
    }

    private static String footer(Release release) {
        Authorization authorization = release.authorization();
        return "CONFIDENTIAL — protected health information released to " + release.requester().display() + " on "
                + release.releaseDate() + " under " + (authorization == null ? "request " + release.releaseId()
                : authorization.describe() + ", release " + release.releaseId()) + "; redisclosure prohibited.";
    }

    /** Fixed dates and file ID: the same release gives the same bytes. No patient data in the metadata. */
    private static void describe(PDDocument pdf, Release release) {
        PDDocumentInformation info = pdf.getDocumentInformation();
        info.setTitle("Release packet " + release.releaseId());
        info.setCreator("ChartVault");
        Calendar released = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        released.setTimeInMillis(release.releasedAt().toEpochMilli() / 1000 * 1000);
        info.setCreationDate(released);
        info.setModificationDate(released);
        pdf.setDocumentId(idOf(release.releaseId()));
    }

    private static long idOf(String releaseId) {
        return ByteBuffer.wrap(Sha256.of(releaseId)).getLong();
    }

    static String describe(String documentType, java.time.LocalDate serviceDate) {
        return (documentType == null ? "Document of no recorded type" : documentType)
                + (serviceDate == null ? "" : ", " + serviceDate);
    }

    /** Page numbers as ranges: 1-3, 5, 7-8. */
    static String ranges(List<Integer> pages) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < pages.size()) {
            int start = pages.get(i);
            int end = start;
            while (i + 1 < pages.size() && pages.get(i + 1) == end + 1) end = pages.get(++i);
            parts.add(start == end ? Integer.toString(start) : start + "-" + end);
            i++;
        }
        return parts.stream().collect(Collectors.joining(", "));
    }
}
