package org.chartvault.fhir;

import org.chartvault.document.Document;
import org.chartvault.security.Caller;

/**
 * Whether a caller may see a document at all through the FHIR face. A document the caller may not see is left
 * out of searches and answered as not found on reads, exactly like a document that does not exist.
 */
@FunctionalInterface
public interface DocumentAccessPolicy {

    boolean maySee(Caller caller, Document document);

    /** Every caller who passed the route's role check sees every document. */
    static DocumentAccessPolicy allowAll() {
        return (caller, document) -> true;
    }

    /**
     * Specially protected records (42 CFR Part 2 substance use disorder treatment, psychotherapy notes, and the
     * categories an administrator adds) do not flow to other systems: over FHIR only legal staff and
     * administrators see them; the EHR's accounts (roi, indexer) get every other document. Releasing them to
     * anyone goes through a release of information under an authorization that names the category.
     */
    static DocumentAccessPolicy withholdingSensitive(org.chartvault.release.SensitiveCategories categories) {
        return (caller, document) -> {
            if (caller.hasAny(org.chartvault.security.Role.LEGAL, org.chartvault.security.Role.ADMIN)) return true;
            try {
                return categories.of(document.indexing().documentType()).isEmpty();
            } catch (java.io.IOException e) {
                return false; // when in doubt, a protected record stays hidden
            }
        };
    }
}
