package org.chartvault.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.chartvault.access.DocumentAccess;
import org.chartvault.amendment.Amendment;
import org.chartvault.amendment.AmendmentNotFoundException;
import org.chartvault.amendment.AmendmentService;
import org.chartvault.amendment.DenialBasis;
import org.chartvault.amendment.NewAmendment;
import org.chartvault.audit.Target;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentNotFoundException;
import org.chartvault.document.DocumentService;
import org.chartvault.security.Caller;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Amendments (45 CFR 164.526). Every route that names an amendment or a document first checks that the caller may
 * see that document ({@link DocumentAccess}); one they may not is answered as not existing. Each entry in the audit
 * trail names the document (so the document's trail lists its amendments) and the amendment.
 */
final class AmendmentController {
    private static final Set<String> NEW_FIELDS = Set.of("documentId", "requester", "receivedDate", "whatIsWrong", "requestedChange");

    private final AmendmentService amendments;
    private final DocumentService documents;
    private final DocumentAccess access;

    AmendmentController(AmendmentService amendments, DocumentService documents, DocumentAccess access) {
        this.amendments = amendments;
        this.documents = documents;
        this.access = access;
    }

    /** {@code {"documentId","requester","receivedDate"?,"whatIsWrong","requestedChange"}}: answered 201. */
    void create(Context ctx) throws Exception {
        JsonNode body = JsonBodies.object(ctx);
        onlyFields(body, NEW_FIELDS);
        String documentId = JsonBodies.optionalText(body, "documentId");
        if (documentId == null || documentId.isBlank()) {
            throw ApiError.badRequest("'documentId' is required: which document does the patient want amended?");
        }
        visible(ctx, documentId);
        Amendment created = amendments.request(new NewAmendment(documentId, JsonBodies.optionalText(body, "requester"),
                Params.date("receivedDate", JsonBodies.optionalText(body, "receivedDate")),
                JsonBodies.optionalText(body, "whatIsWrong"), JsonBodies.optionalText(body, "requestedChange")),
                Auth.caller(ctx).username());
        audit(ctx, created, "requested, due " + created.dueDate());
        ctx.status(201).json(AmendmentView.of(created, amendments.today()));
    }

    /** The work list: {@code status=open} (the default) or {@code all}, optionally one patient's ({@code mrn}). */
    void list(Context ctx) throws IOException {
        String status = Params.text(ctx.queryParam("status"));
        if (status != null && !status.equals("open") && !status.equals("all")) {
            throw ApiError.badRequest("'status' is open (requests still to decide) or all.");
        }
        Caller caller = Auth.caller(ctx);
        LocalDate today = amendments.today();
        List<AmendmentView> shown = new ArrayList<>();
        Set<String> mrns = new java.util.TreeSet<>();
        Set<String> documentIds = new java.util.LinkedHashSet<>();
        for (Amendment a : amendments.list(!"all".equals(status), Params.text(ctx.queryParam("mrn")))) {
            if (!maySee(caller, a.documentId())) continue;
            shown.add(AmendmentView.of(a, today));
            if (a.mrn() != null) mrns.add(a.mrn());
            documentIds.add(a.documentId());
        }
        ctx.attribute(HttpApi.AUDIT_DETAIL, shown.size());
        ctx.attribute(HttpApi.AUDIT_MRNS, mrns);
        ctx.attribute(HttpApi.AUDIT_DOCUMENTS, documentIds);
        ctx.json(Map.of("today", today, "amendments", shown));
    }

    void get(Context ctx) throws Exception {
        Amendment amendment = visibleAmendment(ctx);
        audit(ctx, amendment, null);
        ctx.json(AmendmentView.of(amendment, amendments.today()));
    }

    /** The amendments of a document, for its viewer: what was amended or disputed, and what is still pending. */
    void ofDocument(Context ctx) throws Exception {
        Document document = visible(ctx, Params.id(ctx, "documentId", "doc", "document"));
        LocalDate today = amendments.today();
        List<AmendmentView> found = amendments.ofDocument(document.documentId()).stream()
                .map(a -> AmendmentView.of(a, today)).toList();
        ctx.attribute(HttpApi.AUDIT_DETAIL, found.size());
        ctx.json(Map.of("documentId", document.documentId(), "amendments", found));
    }

    /** {@code {"reason","newDueDate"}}: the one extension, with what the patient is told in writing. */
    void extend(Context ctx) throws Exception {
        String id = visibleAmendment(ctx).amendmentId();
        JsonNode body = JsonBodies.object(ctx);
        onlyFields(body, Set.of("reason", "newDueDate"));
        Amendment extended = amendments.extend(id, JsonBodies.optionalText(body, "reason"),
                Params.date("newDueDate", JsonBodies.optionalText(body, "newDueDate")), Auth.caller(ctx).username());
        audit(ctx, extended, "extended to " + extended.dueDate());
        ctx.json(AmendmentView.of(extended, amendments.today()));
    }

    /**
     * {@code {"decision":"accepted","amendmentText"}} or
     * {@code {"decision":"denied","basis","explanation"?,"contact"?}}.
     */
    void decide(Context ctx) throws Exception {
        String id = visibleAmendment(ctx).amendmentId();
        JsonNode body = JsonBodies.object(ctx);
        onlyFields(body, Set.of("decision", "amendmentText", "basis", "explanation", "contact"));
        String decision = JsonBodies.optionalText(body, "decision");
        String clerk = Auth.caller(ctx).username();
        Amendment decided;
        if ("accepted".equals(decision)) {
            decided = amendments.accept(id, JsonBodies.optionalText(body, "amendmentText"), clerk);
        } else if ("denied".equals(decision)) {
            decided = amendments.deny(id, DenialBasis.fromWire(JsonBodies.optionalText(body, "basis")),
                    JsonBodies.optionalText(body, "explanation"), JsonBodies.optionalText(body, "contact"), clerk);
        } else {
            throw new ApiError(400, "bad-decision", "'decision' is accepted or denied.");
        }
        audit(ctx, decided, decided.status().wire() + (decided.decision().basis() == null ? ""
                : " (" + decided.decision().basis().wire() + ")"));
        ctx.json(AmendmentView.of(decided, amendments.today()));
    }

    /** {@code {"text","receivedDate"?}}: the patient's statement of disagreement with the denial. */
    void disagreement(Context ctx) throws Exception {
        String id = visibleAmendment(ctx).amendmentId();
        JsonNode body = JsonBodies.object(ctx);
        onlyFields(body, Set.of("text", "receivedDate"));
        Amendment changed = amendments.disagree(id, JsonBodies.optionalText(body, "text"),
                Params.date("receivedDate", JsonBodies.optionalText(body, "receivedDate")), Auth.caller(ctx).username());
        audit(ctx, changed, "statement of disagreement");
        ctx.json(AmendmentView.of(changed, amendments.today()));
    }

    /** {@code {"text"}}: the hospital's rebuttal of the patient's statement. */
    void rebuttal(Context ctx) throws Exception {
        String id = visibleAmendment(ctx).amendmentId();
        JsonNode body = JsonBodies.object(ctx);
        onlyFields(body, Set.of("text"));
        Amendment changed = amendments.rebut(id, JsonBodies.optionalText(body, "text"), Auth.caller(ctx).username());
        audit(ctx, changed, "rebuttal");
        ctx.json(AmendmentView.of(changed, amendments.today()));
    }

    /** {@code {"receivedDate"?}}: the patient asks that the request and its denial go with future disclosures. */
    void includeWithDisclosures(Context ctx) throws Exception {
        String id = visibleAmendment(ctx).amendmentId();
        JsonNode body = JsonBodies.object(ctx);
        onlyFields(body, Set.of("receivedDate"));
        Amendment changed = amendments.includeWithDisclosures(id,
                Params.date("receivedDate", JsonBodies.optionalText(body, "receivedDate")), Auth.caller(ctx).username());
        audit(ctx, changed, "denial to go with disclosures");
        ctx.json(AmendmentView.of(changed, amendments.today()));
    }

    /** The amendment of the path, when the caller may see its document; otherwise answered as not existing. */
    private Amendment visibleAmendment(Context ctx) throws IOException, AmendmentNotFoundException, DocumentNotFoundException {
        String id = Params.id(ctx, "amendmentId", AmendmentService.ID_PREFIX, "amendment request");
        Amendment amendment = amendments.get(id);
        try {
            visible(ctx, amendment.documentId());
        } catch (DocumentNotFoundException e) {
            throw new AmendmentNotFoundException(id);
        }
        ctx.attribute(HttpApi.AUDIT_TARGET, Target.document(amendment.documentId()));
        return amendment;
    }

    private Document visible(Context ctx, String documentId) throws IOException, DocumentNotFoundException {
        Document document = documents.get(documentId);
        DocumentAccess.Decision decision = access.require(Auth.caller(ctx), document);
        decision.category().ifPresent(c -> ctx.attribute(HttpApi.AUDIT_PROTECTED_CATEGORY, c.category()));
        if (document.indexing().mrn() != null) ctx.attribute(HttpApi.AUDIT_MRN, document.indexing().mrn());
        return document;
    }

    private boolean maySee(Caller caller, String documentId) {
        try {
            return access.maySee(caller, documents.get(documentId));
        } catch (IOException | DocumentNotFoundException e) {
            return false;
        }
    }

    /** The audit entry names the document as its target and the amendment (and what was done) in its detail. */
    private static void audit(Context ctx, Amendment amendment, String what) {
        ctx.attribute(HttpApi.AUDIT_TARGET, Target.document(amendment.documentId()));
        ctx.attribute(HttpApi.AUDIT_DETAIL, "amendment " + amendment.amendmentId() + (what == null ? "" : ": " + what));
    }

    private static void onlyFields(JsonNode body, Set<String> allowed) {
        for (var names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiError.badRequest("'" + Params.clip(name) + "' is not a field here; use " + String.join(", ", new java.util.TreeSet<>(allowed)) + ".");
            }
        }
    }
}
