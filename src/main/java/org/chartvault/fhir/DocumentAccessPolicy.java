package org.chartvault.fhir;

import org.chartvault.document.Document;
import org.chartvault.security.Caller;

/**
 * Whether a caller may see a document at all through the FHIR face. A document the caller may not see is left
 * out of searches and answered as not found on reads, exactly like a document that does not exist. App hands in
 * the archive's one rule ({@code org.chartvault.access.DocumentAccess}), the same as on the API.
 */
@FunctionalInterface
public interface DocumentAccessPolicy {

    boolean maySee(Caller caller, Document document);

    /** Every caller who passed the route's role check sees every document. */
    static DocumentAccessPolicy allowAll() {
        return (caller, document) -> true;
    }
}
