package org.chartvault.audit;

import java.util.Objects;

/**
 * What an audited action was about: a kind and an identifier, e.g. {@code document / doc_...},
 * {@code user / jsmith}, or {@code search / <the query text>}.
 */
public record Target(String type, String id) {
    /** Longest identifier kept: a pasted search can be long, but one entry must stay a small object. */
    public static final int MAX_ID_LENGTH = 2000;

    public Target {
        Objects.requireNonNull(type, "type");
        if (!type.matches("[a-z][a-z0-9-]{0,39}")) {
            throw new IllegalArgumentException("audit target type must be a short lower-case word, not '" + type + "'");
        }
        id = id == null ? "" : id;
        if (id.length() > MAX_ID_LENGTH) id = id.substring(0, MAX_ID_LENGTH - 1) + "…";
    }

    /** A document or one of its pages (the page number goes in the details). */
    public static Target document(String documentId) {
        return new Target("document", documentId);
    }

    /** A search; the id is the query as the user typed it, so the audit shows what was looked for. */
    public static Target search(String queryText) {
        return new Target("search", queryText);
    }

    public static Target user(String username) {
        return new Target("user", username);
    }

    public static Target token(String tokenId) {
        return new Target("token", tokenId);
    }

    public static Target hold(String holdId) {
        return new Target("hold", holdId);
    }

    public static Target release(String releaseId) {
        return new Target("release", releaseId);
    }

    public static Target batch(String batchId) {
        return new Target("batch", batchId);
    }

    public static Target patient(String mrn) {
        return new Target("patient", mrn);
    }

    /** An HTTP path, for permission-denied entries where no better target is known. */
    public static Target path(String path) {
        return new Target("path", path);
    }
}
