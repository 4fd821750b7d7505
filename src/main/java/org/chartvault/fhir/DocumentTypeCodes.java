package org.chartvault.fhir;

import java.io.IOException;

/**
 * Where the FHIR face reads the document type list from. The list can change while ChartVault runs (an
 * administrator edits it), so callers take the current list once per request and resolve against that.
 */
@FunctionalInterface
public interface DocumentTypeCodes {

    DocumentTypeList current() throws IOException;

    /** The list in force for the whole archive (capture's catalog: the administrator's list, else the starter list). */
    static DocumentTypeCodes of(org.chartvault.capture.DocumentTypeCatalog catalog) {
        return () -> new DocumentTypeList(catalog.current().all().stream()
                .map(t -> new DocumentTypeCode(t.name(), t.loinc(), t.display(), t.keywords())).toList());
    }
}
