package org.chartvault.fhir;

import org.chartvault.document.Document;
import org.chartvault.security.Caller;

/**
 * Whether a caller may see a document at all: the hook for sensitive categories (42 CFR Part 2 records,
 * psychotherapy notes) that the release-of-information work decides. A document the caller may not see is
 * left out of searches and answered as not found on reads, exactly like a document that does not exist.
 * Until that work lands, {@link #allowAll()} is wired: role checks on the routes are the only limit.
 */
@FunctionalInterface
public interface DocumentAccessPolicy {

    boolean maySee(Caller caller, Document document);

    /** Every caller who passed the route's role check sees every document. */
    static DocumentAccessPolicy allowAll() {
        return (caller, document) -> true;
    }
}
