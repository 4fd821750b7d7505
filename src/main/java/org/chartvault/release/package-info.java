/**
 * Release of information: requests for copies of a patient's records, the signed authorization and its scope,
 * specially protected (sensitive) record categories, the redacted and Bates-numbered release packet, and the
 * accounting of disclosures. Everything is kept in the object store under {@code releases/}, {@code disclosures/}
 * and {@code settings/}; nothing depends on the search index.
 */
package org.chartvault.release;
