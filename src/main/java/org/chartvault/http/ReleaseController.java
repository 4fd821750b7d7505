package org.chartvault.http;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import org.chartvault.access.DocumentAccess;
import org.chartvault.audit.AuditActions;
import org.chartvault.document.DocumentService;
import org.chartvault.document.DocumentNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.patient.MrnCheck;
import org.chartvault.release.NewRelease;
import org.chartvault.release.Redaction;
import org.chartvault.release.ReleaseItem;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.Target;
import org.chartvault.release.Release;
import org.chartvault.release.ReleaseChange;
import org.chartvault.release.ReleaseFilter;
import org.chartvault.release.ReleaseService;
import org.chartvault.release.ReleaseStatus;
import org.chartvault.release.SensitiveCategory;
import org.chartvault.security.Caller;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Release of information: requests, authorizations, packets, the accounting of disclosures, sensitive categories. */
final class ReleaseController {
    /** Audit actions of this area that {@link org.chartvault.audit.AuditActions} does not name (yet). */
    static final String RELEASE_VIEW = AuditActions.RELEASE_VIEW;
    static final String RELEASE_UPDATE = AuditActions.RELEASE_UPDATE;
    static final String AUTHORIZATION_UPLOAD = AuditActions.RELEASE_AUTHORIZATION_UPLOAD;
    static final String AUTHORIZATION_VIEW = AuditActions.RELEASE_AUTHORIZATION_VIEW;
    static final String SETTINGS_UPDATE = AuditActions.RELEASE_SETTINGS_UPDATE;

    private final ReleaseService releases;
    private final AuditLog audit;
    private final DocumentService documents;
    private final DocumentAccess access;
    private final MrnCheck mrns;

    ReleaseController(ReleaseService releases, AuditLog audit, DocumentService documents, DocumentAccess access,
                      MrnCheck mrns) {
        this.releases = releases;
        this.mrns = mrns;
        this.audit = audit;
        this.documents = documents;
        this.access = access;
    }

    /** A new request. Its MRN is checked like a typed one: an unusual one needs {@code confirmUnknownMrn}. */
    void create(Context ctx) throws IOException, DocumentNotFoundException {
        JsonNode body = JsonBodies.object(ctx);
        NewRelease request = ReleaseBodies.newRelease(body);
        if (request.mrn() != null && !request.mrn().isBlank()) {
            MrnConfirmations.audit(ctx, List.of(mrns.require(request.mrn(), MrnConfirmations.fromBody(body))));
        }
        requireVisible(ctx, request.items(), request.redactions());
        Release release = releases.create(request, Auth.caller(ctx).username());
        ctx.attribute(HttpApi.AUDIT_TARGET, Target.release(release.releaseId()));
        touches(ctx, release);
        ctx.attribute(HttpApi.AUDIT_DETAIL, "MRN " + release.mrn() + ", " + release.releasedPageCount()
                + " page(s) included, " + release.excluded().size() + " exclusion(s)");
        ctx.status(201).json(ReleaseView.of(release, releases.today()));
    }

    /**
     * Every document a request names, in its items or its redactions, must be one the clerk may see; one that is
     * not is answered as not existing, like everywhere else.
     */
    private void requireVisible(Context ctx, List<ReleaseItem> items, List<Redaction> redactions) throws IOException, DocumentNotFoundException {
        Caller caller = Auth.caller(ctx);
        Set<String> ids = new java.util.LinkedHashSet<>();
        items.forEach(i -> ids.add(i.documentId()));
        redactions.forEach(r -> ids.add(r.documentId()));
        for (String id : ids) {
            if (id == null) continue;
            access.require(caller, documents.get(id));
        }
    }

    /** The work list: {@code status} (one or several, comma-separated), {@code dueBefore}, {@code mrn}, {@code overdue}. */
    void list(Context ctx) throws IOException {
        Set<ReleaseStatus> statuses = EnumSet.noneOf(ReleaseStatus.class);
        for (String value : ctx.queryParams("status")) {
            for (String one : value.split(",")) if (!one.isBlank()) statuses.add(ReleaseStatus.fromWire(one));
        }
        LocalDate dueBefore = Params.date("dueBefore", ctx.queryParam("dueBefore"));
        boolean overdue = "true".equalsIgnoreCase(Params.text(ctx.queryParam("overdue")));
        List<Release> found = releases.list(new ReleaseFilter(statuses, dueBefore, Params.text(ctx.queryParam("mrn")), overdue));
        LocalDate today = releases.today();
        long overdueCount = found.stream().filter(r -> r.isOverdueOn(today)).count();
        ctx.json(Map.of("today", today, "overdueCount", overdueCount,
                "releases", found.stream().map(r -> ReleaseView.Summary.of(r, today)).toList()));
    }

    void get(Context ctx) throws Exception {
        ctx.json(ReleaseView.of(visibleRelease(ctx), releases.today()));
    }

    void update(Context ctx) throws Exception {
        String id = releaseId(ctx);
        ReleaseChange change = ReleaseBodies.change(JsonBodies.object(ctx));
        requireVisible(ctx, change.items() == null ? List.of() : change.items(),
                change.redactions() == null ? List.of() : change.redactions());
        if (change.status() != null) ctx.attribute(HttpApi.AUDIT_DETAIL, "status " + change.status().wire());
        Release updated = releases.update(id, change, Auth.caller(ctx).username());
        touches(ctx, updated);
        ctx.json(ReleaseView.of(updated, releases.today()));
    }

    /** {@code multipart/form-data} with the signed form as the part {@code file}. */
    void uploadAuthorization(Context ctx) throws Exception {
        String id = visibleRelease(ctx).releaseId();
        List<UploadedFile> files = ctx.uploadedFiles("file");
        if (files.size() != 1) {
            throw new ApiError(400, "no-files", "Send the signed authorization as one multipart part named 'file'.");
        }
        UploadedFile file = files.get(0);
        try (InputStream content = file.content()) {
            Release release = releases.attachAuthorization(id, file.filename(), content, Auth.caller(ctx).username());
            ctx.attribute(HttpApi.AUDIT_DETAIL, release.authorization().file().sha256());
            ctx.json(ReleaseView.of(release, releases.today()));
        }
    }

    /** {@code {"on", "receivedAs"}}: the patient revoked the authorization this release rests on. */
    void revokeAuthorization(Context ctx) throws Exception {
        String id = visibleRelease(ctx).releaseId();
        var revocation = ReleaseBodies.revocation(JsonBodies.object(ctx));
        Release updated = releases.revokeAuthorization(id, revocation, Auth.caller(ctx).username());
        touches(ctx, updated);
        ctx.attribute(HttpApi.AUDIT_DETAIL, "authorization " + updated.authorization().authorizationId() + " revoked on "
                + revocation.on() + " (" + revocation.receivedAs() + ")");
        ctx.json(ReleaseView.of(updated, releases.today()));
    }

    void authorization(Context ctx) throws Exception {
        Release release = visibleRelease(ctx);
        InputStream content = releases.authorizationFile(release);
        ctx.header("Content-Disposition", DocumentController.attachment(release.authorization().file().fileName()));
        ctx.contentType(release.authorization().file().contentType()).result(content);
    }

    /**
     * The packet. For an open request this is the moment of release: the packet is produced, stored and hashed,
     * the disclosure recorded, and the status change audited beside the download.
     */
    /**
     * Produces the packet: releases an open request (recording the disclosure) and answers the PDF with 201, or
     * with 200 and the same bytes when it was produced before.
     */
    void producePacket(Context ctx) throws Exception {
        String id = visibleRelease(ctx).releaseId();
        Caller caller = Auth.caller(ctx);
        ReleaseService.PacketDelivery delivery = releases.packet(id, caller.username());
        Release release = delivery.release();
        if (delivery.releasedNow()) {
            audit.append(caller.event(RELEASE_UPDATE, Target.release(id)).with("status", "released")
                    .with("sha256", release.packet().sha256()).with("pages", release.packet().pages())
                    .with(org.chartvault.audit.AuditDetails.MRN, release.mrn())
                    .with(org.chartvault.audit.AuditDetails.DOCUMENTS, org.chartvault.audit.AuditDetails.list(documentsOf(release))));
        }
        ctx.status(delivery.releasedNow() ? 201 : 200);
        sendPacket(ctx, release);
    }

    /** The wrong-patient check: the pages of the packet that name another patient or none, with the decisions. */
    void patientCheck(Context ctx) throws Exception {
        String id = visibleRelease(ctx).releaseId();
        // the report quotes what each page says (MRN, name, birth date): only for a clerk who may see every page
        var report = releases.patientCheck(id);
        ctx.attribute(HttpApi.AUDIT_MRN, report.mrn());
        ctx.attribute(HttpApi.AUDIT_DETAIL, report.flagged().size() + " page(s) flagged, " + report.waiting() + " waiting");
        ctx.json(report);
    }

    /** {@code {documentId, page, decision: confirm|remove, reason}}: a clerk's decision on a flagged page. */
    void decidePage(Context ctx) throws Exception {
        String id = releaseId(ctx);
        var body = JsonBodies.object(ctx);
        String documentId = ReleaseBodies.text(body, "documentId");
        int page = ReleaseBodies.page(body);
        requireVisible(ctx, List.of(new ReleaseItem(documentId, List.of(page))), List.of());
        var decision = org.chartvault.release.PageDecision.Kind.fromWire(ReleaseBodies.text(body, "decision"));
        Release updated = releases.decide(id, documentId, page, decision, ReleaseBodies.text(body, "reason"),
                Auth.caller(ctx).username());
        touches(ctx, updated);
        String reason = updated.decisionOn(documentId, page).map(d -> d.reason()).orElse(null);
        ctx.attribute(HttpApi.AUDIT_DETAIL, "patient check: " + decision.wire() + " page " + page + " of " + documentId
                + (reason == null ? "" : ", reason: " + reason));
        ctx.json(ReleaseView.of(updated, releases.today()));
    }

    /** {@code {phrase}} or {@code {pattern: ssn|phone}}: every occurrence on the pages to be released, page by page. */
    void redactionProposals(Context ctx) throws Exception {
        String id = visibleRelease(ctx).releaseId();
        var body = JsonBodies.object(ctx);
        String phrase = ReleaseBodies.text(body, "phrase"), pattern = ReleaseBodies.text(body, "pattern");
        // the proposals show where the words stand on each page: only for a clerk who may see every page
        var proposals = releases.proposeRedactions(id, phrase, pattern);
        ctx.attribute(HttpApi.AUDIT_DETAIL, "redaction search for " + ReleaseService.describeSearch(phrase, pattern)
                + ": " + proposals.size() + " page(s)");
        ctx.json(Map.of("releaseId", id, "pages", proposals));
    }

    /** {@code {documentId, page, phrase|pattern}}: the page's proposals become redactions of the release. */
    void acceptRedactionProposals(Context ctx) throws Exception {
        String id = releaseId(ctx);
        var body = JsonBodies.object(ctx);
        String documentId = ReleaseBodies.text(body, "documentId");
        int page = ReleaseBodies.page(body);
        requireVisible(ctx, List.of(new ReleaseItem(documentId, List.of(page))), List.of());
        String phrase = ReleaseBodies.text(body, "phrase"), pattern = ReleaseBodies.text(body, "pattern");
        int before = releases.get(id).redactions().size();
        Release updated = releases.acceptRedactions(id, documentId, page, phrase, pattern, Auth.caller(ctx).username());
        touches(ctx, updated);
        ctx.attribute(HttpApi.AUDIT_DETAIL, (updated.redactions().size() - before) + " redaction(s) accepted on page "
                + page + " of " + documentId + " (" + ReleaseService.describeSearch(phrase, pattern) + ")");
        ctx.json(ReleaseView.of(updated, releases.today()));
    }

    /** {@code {"reason", "newDueDate"?}}: the one extension, with its written notice produced as a letter. */
    void extend(Context ctx) throws Exception {
        String id = visibleRelease(ctx).releaseId();
        var body = JsonBodies.object(ctx);
        ReleaseBodies.onlyFields(body, Set.of("reason", "newDueDate"), "an extension");
        Release updated = releases.extend(id, ReleaseBodies.text(body, "reason"),
                Params.date("newDueDate", ReleaseBodies.text(body, "newDueDate")), Auth.caller(ctx).username());
        touches(ctx, updated);
        var notice = updated.letters().isEmpty() ? null : updated.letters().get(updated.letters().size() - 1);
        ctx.attribute(HttpApi.AUDIT_DETAIL, "extended to " + updated.dueDate() + " with the written notice"
                + (notice == null ? "" : " " + notice.letterId() + ", sha256 " + notice.sha256()));
        ctx.json(ReleaseView.of(updated, releases.today()));
    }

    /** {@code {"method"?, "lines"?: [{"kind","description","amount"}]}}: quotes the fee by the request type's rule. */
    void quoteFee(Context ctx) throws Exception {
        String id = visibleRelease(ctx).releaseId();
        Release updated = releases.quoteFee(id, ReleaseBodies.quote(JsonBodies.object(ctx)), Auth.caller(ctx).username());
        touches(ctx, updated);
        ctx.attribute(HttpApi.AUDIT_DETAIL, "fee quoted: $" + updated.fee().total() + " (" + updated.fee().method() + ")");
        ctx.json(ReleaseView.of(updated, releases.today()));
    }

    /** {@code {"reason"}}: the fee is waived. */
    void waiveFee(Context ctx) throws Exception {
        String id = visibleRelease(ctx).releaseId();
        var body = JsonBodies.object(ctx);
        ReleaseBodies.onlyFields(body, Set.of("reason"), "a waiver");
        Release updated = releases.waiveFee(id, ReleaseBodies.text(body, "reason"), Auth.caller(ctx).username());
        touches(ctx, updated);
        ctx.attribute(HttpApi.AUDIT_DETAIL, "fee waived: " + updated.fee().waiver().reason());
        ctx.json(ReleaseView.of(updated, releases.today()));
    }

    /** {@code {"amount", "method", "reference"?, "receivedOn"?}}: a payment received. */
    void recordPayment(Context ctx) throws Exception {
        String id = visibleRelease(ctx).releaseId();
        var body = JsonBodies.object(ctx);
        ReleaseBodies.onlyFields(body, Set.of("amount", "method", "reference", "receivedOn"), "a payment");
        java.math.BigDecimal amount = ReleaseBodies.money(body, "amount");
        Release updated = releases.recordPayment(id, amount, ReleaseBodies.text(body, "method"),
                ReleaseBodies.text(body, "reference"), Params.date("receivedOn", ReleaseBodies.text(body, "receivedOn")),
                Auth.caller(ctx).username());
        touches(ctx, updated);
        ctx.attribute(HttpApi.AUDIT_DETAIL, "payment of $" + amount + " recorded; $" + updated.fee().balance() + " owed");
        ctx.status(201).json(ReleaseView.of(updated, releases.today()));
    }

    /** The letters kept with the request, oldest first. */
    void letters(Context ctx) throws Exception {
        Release release = visibleRelease(ctx);
        touches(ctx, release);
        ctx.attribute(HttpApi.AUDIT_DETAIL, release.letters().size() + " letter(s)");
        ctx.json(Map.of("releaseId", release.releaseId(), "letters", release.letters()));
    }

    /** {@code {"kind", "grounds"?, "reviewable"?, "reviewHow"?}}: produces a letter and keeps it with the request. */
    void produceLetter(Context ctx) throws Exception {
        String id = visibleRelease(ctx).releaseId();
        var body = JsonBodies.object(ctx);
        ReleaseBodies.onlyFields(body, Set.of("kind", "grounds", "reviewable", "reviewHow"), "a letter");
        var kind = org.chartvault.release.LetterKind.fromWire(ReleaseBodies.text(body, "kind"));
        JsonNode reviewable = body.get("reviewable");
        if (reviewable != null && !reviewable.isNull() && !reviewable.isBoolean()) {
            throw ApiError.badRequest("'reviewable' must be true or false.");
        }
        var details = new org.chartvault.release.LetterWriter.Details(ReleaseBodies.text(body, "grounds"),
                reviewable == null || reviewable.isNull() ? null : reviewable.asBoolean(), ReleaseBodies.text(body, "reviewHow"));
        ReleaseService.ProducedLetter produced = releases.produceLetter(id, kind, details, Auth.caller(ctx).username());
        touches(ctx, produced.release());
        ctx.attribute(HttpApi.AUDIT_DETAIL, kind.wire() + " letter " + produced.letter().letterId() + ", sha256 " + produced.letter().sha256());
        ctx.status(201).json(produced.letter());
    }

    /** One kept letter, the PDF as it was produced. */
    void letter(Context ctx) throws Exception {
        Release release = visibleRelease(ctx);
        String letterId = Params.id(ctx, "letterId", "let", "letter");
        touches(ctx, release);
        InputStream pdf;
        try {
            pdf = releases.openLetter(release, letterId);
        } catch (org.chartvault.storage.ObjectNotFoundException e) {
            throw ApiError.notFound("Release " + release.releaseId() + " has no letter " + letterId + ".");
        }
        ctx.attribute(HttpApi.AUDIT_DETAIL, "letter " + letterId);
        ctx.header("Content-Disposition", "attachment; filename=\"" + letterId + ".pdf\"");
        ctx.contentType("application/pdf").result(pdf);
    }

    /** The letter templates, the placeholders they may use, and who letters are from. */
    void letterTemplates(Context ctx) throws IOException {
        var stored = releases.letterTemplates().get();
        ctx.json(Map.of("hospital", stored.hospital(), "contact", stored.contact(), "templates", stored.all(),
                "placeholders", org.chartvault.release.LetterTemplate.PLACEHOLDERS));
    }

    /** {@code {"title", "body"}}: an administrator's wording of one kind of letter. */
    void putLetterTemplate(Context ctx) throws IOException {
        var kind = org.chartvault.release.LetterKind.fromWire(ctx.pathParam("kind"));
        ctx.attribute(HttpApi.AUDIT_TARGET, new Target("letter-template", kind.wire()));
        var body = JsonBodies.object(ctx);
        ReleaseBodies.onlyFields(body, Set.of("kind", "title", "body"), "a letter template");
        var template = new org.chartvault.release.LetterTemplate(kind, ReleaseBodies.text(body, "title"), ReleaseBodies.text(body, "body"));
        ctx.json(releases.letterTemplates().put(template).template(kind));
    }

    /** {@code {"hospital"?, "contact"?}}: who the letters are from and whom to contact. */
    void putLetterSender(Context ctx) throws IOException {
        ctx.attribute(HttpApi.AUDIT_TARGET, new Target("letter-template", "sender"));
        var body = JsonBodies.object(ctx);
        ReleaseBodies.onlyFields(body, Set.of("hospital", "contact"), "the letters' sender");
        var stored = releases.letterTemplates().sender(ReleaseBodies.text(body, "hospital"), ReleaseBodies.text(body, "contact"));
        ctx.json(Map.of("hospital", stored.hospital(), "contact", stored.contact()));
    }

    /** Downloads the packet as produced; before it is produced there is none (404), and asking changes nothing. */
    void packet(Context ctx) throws Exception {
        visibleRelease(ctx);
        sendPacket(ctx, releases.produced(releaseId(ctx)));
    }

    /** The patient and documents of a request go into its audit entry: the trail of each document names its releases. */
    private static void touches(Context ctx, Release release) {
        if (release.mrn() != null) ctx.attribute(HttpApi.AUDIT_MRN, release.mrn());
        ctx.attribute(HttpApi.AUDIT_DOCUMENTS, documentsOf(release));
    }

    private static List<String> documentsOf(Release release) {
        return release.items().stream().map(ReleaseItem::documentId).toList();
    }

    private void sendPacket(Context ctx, Release release) throws IOException {
        String id = release.releaseId();
        touches(ctx, release);
        ctx.attribute(HttpApi.AUDIT_DETAIL, "sha256 " + release.packet().sha256() + ", " + release.packet().pages() + " page(s)");
        ctx.header("Content-Disposition", "attachment; filename=\"release-" + id + ".pdf\"");
        ctx.header("X-Packet-SHA256", release.packet().sha256());
        ctx.contentType("application/pdf").result(releases.openPacket(release));
    }

    void categories(Context ctx) throws IOException {
        ctx.json(Map.of("categories", releases.categories().list()));
    }

    void putCategory(Context ctx) throws IOException {
        String id = ctx.pathParam("category");
        ctx.attribute(HttpApi.AUDIT_TARGET, new Target("sensitive-category", id));
        SensitiveCategory category = ReleaseBodies.category(id, JsonBodies.object(ctx));
        ctx.json(releases.categories().put(category));
    }

    void deleteCategory(Context ctx) throws IOException {
        String id = ctx.pathParam("category");
        ctx.attribute(HttpApi.AUDIT_TARGET, new Target("sensitive-category", id));
        if (!releases.categories().remove(id)) throw ApiError.notFound("No sensitive category " + Params.clip(id) + " exists.");
        ctx.status(204);
    }

    void settings(Context ctx) throws IOException {
        ctx.json(releases.settings().get());
    }

    void putSettings(Context ctx) throws IOException {
        ctx.attribute(HttpApi.AUDIT_TARGET, new Target("settings", "release"));
        JsonNode body = JsonBodies.object(ctx);
        ctx.json(releases.settings().update(current -> ReleaseBodies.settings(body, current)));
    }

    /**
     * The path's release, when the caller may see every document it holds: a release of a record the caller's role may
     * not read is answered as not existing, as the record itself is.
     */
    private Release visibleRelease(Context ctx) throws Exception {
        Release release = releases.get(releaseId(ctx));
        requireVisible(ctx, release.items(), release.redactions());
        return release;
    }

    /** The path's release id, also named as the target of the request's audit entry. */
    private static String releaseId(Context ctx) {
        String id = Params.id(ctx, "releaseId", ReleaseService.ID_PREFIX, "release");
        ctx.attribute(HttpApi.AUDIT_TARGET, Target.release(id));
        return id;
    }
}
