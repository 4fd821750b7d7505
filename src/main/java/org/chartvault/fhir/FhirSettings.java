package org.chartvault.fhir;

/**
 * What a hospital may want to set for the FHIR face.
 *
 * @param mrnSystem        the identifier system (a URI) of the hospital's MRNs, as the EHR sends it in
 *                         {@code patient.identifier=system|value}; bare MRNs are accepted too
 * @param zone             the hospital's time zone: a date of service is a day there, so it is the day a date
 *                         search compares and the midnight a DocumentReference.date (an instant) shows
 * @param defaultPageSize  search results per page when the client sends no {@code _count}
 * @param maxPageSize      the largest {@code _count} honoured (larger values are lowered, as FHIR allows)
 * @param maxBundleBytes   the largest ITI-65 transaction accepted: base64 makes a file a third larger (its documents
 *                         are decoded to work files as they arrive, see {@link SubmissionMemory})
 */
public record FhirSettings(String mrnSystem, java.time.ZoneId zone, int defaultPageSize, int maxPageSize, long maxBundleBytes) {

    /**
     * ChartVault's own MRN namespace until the hospital configures its assigning authority (usually an
     * {@code urn:oid:} of the registration system).
     */
    public static final String DEFAULT_MRN_SYSTEM = "urn:chartvault:mrn";

    public FhirSettings {
        if (mrnSystem == null || !mrnSystem.matches("[a-zA-Z][a-zA-Z0-9+.-]*:\\S+")) {
            throw new IllegalArgumentException("The MRN identifier system must be a URI, not '" + mrnSystem + "'.");
        }
        java.util.Objects.requireNonNull(zone, "zone");
        if (defaultPageSize < 1 || maxPageSize < defaultPageSize) {
            throw new IllegalArgumentException("page sizes must satisfy 1 <= default <= max");
        }
        if (maxBundleBytes < 1024) throw new IllegalArgumentException("maxBundleBytes is too small to hold any bundle");
    }

    public static FhirSettings defaults() {
        // 20 a page as FHIR servers commonly do; 100 a page at most, as /api/search allows
        // 64 MiB of JSON holds a 48 MiB document (a few hundred scanned pages); whole charts larger than that come in
        // through /api/batches
        return new FhirSettings(DEFAULT_MRN_SYSTEM, java.time.ZoneId.systemDefault(), 20, 100, 64L * 1024 * 1024);
    }
}
