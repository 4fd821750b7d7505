package org.chartvault.fhir;

import java.io.IOException;

/**
 * Where the FHIR face reads the document type list from. The list can change while ChartVault runs (an
 * administrator edits it), so callers take the current list once per request and resolve against that.
 */
@FunctionalInterface
public interface DocumentTypeCodes {

    DocumentTypeList current() throws IOException;
}
