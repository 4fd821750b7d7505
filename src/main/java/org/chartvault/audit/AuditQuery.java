package org.chartvault.audit;

import java.time.Instant;
import java.util.Set;

/**
 * Which entries the audit screen asks for. Every filter is optional (null = any).
 *
 * @param from       earliest time, inclusive
 * @param to         latest time, exclusive
 * @param user       exact user name
 * @param documentId entries whose target is this document (views, downloads, changes of it)
 * @param action     exact action name, see {@link AuditActions}
 * @param offset     matches to skip, newest first
 * @param limit      matches to return, 1 to {@link #MAX_LIMIT}
 * @param records    entries about these records: a patient's, or one document's with its upload (see
 *                   {@link Records}); null = any
 */
public record AuditQuery(Instant from, Instant to, String user, String documentId, String action,
                         int offset, int limit, Records records) {
    /** One screen or one API page; larger sets go through the CSV export, which streams. */
    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;

    public AuditQuery {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("'from' must be before 'to'");
        }
        if (offset < 0) throw new IllegalArgumentException("offset must not be negative");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        user = blankToNull(user);
        documentId = blankToNull(documentId);
        action = blankToNull(action);
    }

    public AuditQuery(Instant from, Instant to, String user, String documentId, String action, int offset, int limit) {
        this(from, to, user, documentId, action, offset, limit, null);
    }

    /**
     * Records as the audit trail can recognize them: a patient's MRNs (the current one and any merged into it), the
     * documents filed under them now, and the batches those documents were uploaded in; or one document and its
     * batch. An entry is about them when it targets one of the MRNs or documents, is the upload of one of the
     * batches (a scanned stream's upload names the stream, not the documents cut from it later), or names one in its
     * details: {@code mrn} (a search filtered by MRN, a view of a document filed under it), {@code mrns} (the
     * patients whose pages a search returned, the patients of a release or hold) or {@code documentIds} (every
     * document an upload, release, packet, hold or export touched). The MRN recorded at the time keeps a document
     * found even after it was refiled or deleted.
     */
    public record Records(Set<String> mrns, Set<String> documentIds, Set<String> uploadBatches) {
        public Records {
            mrns = mrns == null ? Set.of() : Set.copyOf(mrns);
            documentIds = documentIds == null ? Set.of() : Set.copyOf(documentIds);
            uploadBatches = uploadBatches == null ? Set.of() : Set.copyOf(uploadBatches);
        }

        /** A patient: their MRNs, the documents filed under them and the batches those came in. */
        public static Records patient(Set<String> mrns, Set<String> documentIds, Set<String> uploadBatches) {
            if (mrns == null || mrns.isEmpty()) throw new IllegalArgumentException("a patient's records need an MRN");
            return new Records(mrns, documentIds, uploadBatches);
        }

        /** One document, and the batch it was uploaded in (null when not known, e.g. deleted). */
        public static Records document(String documentId, String batchId) {
            return new Records(Set.of(), Set.of(documentId), batchId == null ? Set.of() : Set.of(batchId));
        }

        boolean covers(AuditEntry e) {
            Target t = e.target();
            if (t != null && "patient".equals(t.type()) && mrns.contains(t.id())) return true;
            if (t != null && "document".equals(t.type()) && documentIds.contains(t.id())) return true;
            if (t != null && "batch".equals(t.type()) && AuditActions.UPLOAD.equals(e.action())
                    && uploadBatches.contains(t.id())) return true;
            java.util.Map<String, String> d = e.details();
            if (d.get(AuditDetails.MRN) != null && mrns.contains(d.get(AuditDetails.MRN))) return true;
            return anyOf(d.get(AuditDetails.MRNS), mrns) || anyOf(d.get(AuditDetails.DOCUMENTS), documentIds)
                    || anyOf(d.get(AuditDetails.DOCUMENT), documentIds);
        }
    }

    /** Whether the space-separated list names one of {@code wanted}. */
    static boolean anyOf(String list, Set<String> wanted) {
        if (list == null || list.isEmpty() || wanted.isEmpty()) return false;
        for (String item : list.split(" ")) if (wanted.contains(item)) return true;
        return false;
    }
    /** Everything, newest first, one default page. */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, 0, DEFAULT_LIMIT);
    }

    boolean matches(AuditEntry e) {
        if (from != null && e.time().isBefore(from)) return false;
        if (to != null && !e.time().isBefore(to)) return false;
        if (user != null && !user.equals(e.user())) return false;
        if (action != null && !action.equals(e.action())) return false;
        if (documentId != null) {
            boolean targeted = e.target() != null && "document".equals(e.target().type()) && documentId.equals(e.target().id());
            boolean named = anyOf(e.details().get(AuditDetails.DOCUMENTS), Set.of(documentId))
                    || documentId.equals(e.details().get(AuditDetails.DOCUMENT));
            if (!targeted && !named) return false;
        }
        return records == null || records.covers(e);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
