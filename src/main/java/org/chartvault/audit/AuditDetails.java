package org.chartvault.audit;

import java.util.Collection;
import java.util.LinkedHashSet;

/**
 * Names of the details that say whose records an entry is about, so the trail can be asked by document and by
 * patient (see {@link AuditQuery.PatientScope}). Lists are space-separated: ids and MRNs hold no spaces.
 */
public final class AuditDetails {
    private AuditDetails() {
    }

    /** The MRN of the one patient the entry is about (a search's MRN filter, the patient of a viewed document). */
    public static final String MRN = "mrn";
    /** The MRNs of the patients whose records the action touched or returned (search results, a release, a hold). */
    public static final String MRNS = "mrns";
    /** Every document the action touched besides its target (an upload's documents, a packet's, an export's). */
    public static final String DOCUMENTS = "documentIds";
    /** The one document an entry with another target is about (a document arriving under a hold). */
    public static final String DOCUMENT = "documentId";

    /** Distinct, non-blank values in their first order, space-separated; null when there are none. */
    public static String list(Collection<String> values) {
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (String v : values) if (v != null && !v.isBlank() && !v.contains(" ")) distinct.add(v);
        return distinct.isEmpty() ? null : String.join(" ", distinct);
    }
}
