package org.chartvault.hold;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One production export of a hold's documents, stored as {@code exports/<id>/export.json} beside its ZIP. What
 * goes into the production is fixed when it is requested (documents, numbering, who and when), so building it
 * again gives the same bytes.
 *
 * @param documentIds    the hold's documents when the export was requested
 * @param documentsDone  documents written into the ZIP so far (progress)
 * @param pages          pages Bates-numbered so far
 * @param batesBegin     first Bates number of the production, once done
 * @param batesEnd       last Bates number of the production, once done
 * @param zipSha256      SHA-256 of the whole ZIP as stored
 * @param manifestSha256 SHA-256 of manifest.csv inside it
 * @param custodySha256  SHA-256 of chain-of-custody.pdf inside it
 * @param terms          recipient, delivery, legal basis for protected categories and the certifying custodian
 * @param batesReserved  how many Bates numbers the matter handed this production (from {@code bates.start}); 0 until
 *                       the numbers are claimed, when the job first builds it
 * @param withheld       what was held but not produced, each with the reason (protected records without a basis,
 *                       documents gone), once done
 */
public record ProductionExport(String exportId, String holdId, String holdName, String matter,
                               String requestedBy, Instant requestedAt, BatesNumbering bates,
                               List<String> documentIds, ExportStatus status, int documentsDone, long pages,
                               String error, Instant finishedAt, String batesBegin, String batesEnd,
                               long zipBytes, String zipSha256, String manifestSha256, String custodySha256,
                               ProductionTerms terms, long batesReserved, List<String> withheld) {

    public ProductionExport {
        Objects.requireNonNull(exportId, "exportId");
        Objects.requireNonNull(holdId, "holdId");
        Objects.requireNonNull(bates, "bates");
        Objects.requireNonNull(status, "status");
        documentIds = documentIds == null ? List.of() : List.copyOf(documentIds);
        terms = terms == null ? ProductionTerms.NONE : terms;
        withheld = withheld == null ? List.of() : List.copyOf(withheld);
    }

    /** A new request: nothing built, no Bates numbers claimed yet. */
    static ProductionExport requested(String exportId, Hold hold, String by, java.time.Instant at, BatesNumbering bates,
                                      ProductionTerms terms) {
        return new ProductionExport(exportId, hold.holdId(), hold.name(), hold.matter(), by, at, bates,
                hold.documentIds(), ExportStatus.RUNNING, 0, 0, null, null, null, null, 0, null, null, null, terms, 0,
                List.of());
    }

    /**
     * The matter whose Bates sequence this production continues: the hold's matter, or the hold itself when it names
     * none (its productions then number on from each other).
     */
    public String numberingMatter() {
        return matter != null ? matter : "hold " + holdId;
    }

    /** With the Bates numbers the matter handed it. */
    ProductionExport withBatesClaimed(long first, long count) {
        return new ProductionExport(exportId, holdId, holdName, matter, requestedBy, requestedAt,
                new BatesNumbering(bates.prefix(), first, bates.digits()), documentIds, status, documentsDone, pages,
                error, finishedAt, batesBegin, batesEnd, zipBytes, zipSha256, manifestSha256, custodySha256, terms,
                count, withheld);
    }

    ProductionExport withProgress(int done, long pagesSoFar) {
        return new ProductionExport(exportId, holdId, holdName, matter, requestedBy, requestedAt, bates, documentIds,
                status, done, pagesSoFar, error, finishedAt, batesBegin, batesEnd, zipBytes, zipSha256,
                manifestSha256, custodySha256, terms, batesReserved, withheld);
    }

    ProductionExport done(Production production, long bytes, String sha256, Instant at) {
        return new ProductionExport(exportId, holdId, holdName, matter, requestedBy, requestedAt, bates, documentIds,
                ExportStatus.DONE, documentIds.size(), production.pages(), null, at, production.batesBegin(),
                production.batesEnd(), bytes, sha256, production.manifestSha256(), production.custodySha256(), terms,
                batesReserved, production.withheld());
    }

    ProductionExport failed(String reason, Instant at) {
        return new ProductionExport(exportId, holdId, holdName, matter, requestedBy, requestedAt, bates, documentIds,
                ExportStatus.FAILED, documentsDone, pages, reason, at, null, null, 0, null, null, null, terms,
                batesReserved, withheld);
    }
}
