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
 */
public record ProductionExport(String exportId, String holdId, String holdName, String matter,
                               String requestedBy, Instant requestedAt, BatesNumbering bates,
                               List<String> documentIds, ExportStatus status, int documentsDone, long pages,
                               String error, Instant finishedAt, String batesBegin, String batesEnd,
                               long zipBytes, String zipSha256, String manifestSha256, String custodySha256) {

    public ProductionExport {
        Objects.requireNonNull(exportId, "exportId");
        Objects.requireNonNull(holdId, "holdId");
        Objects.requireNonNull(bates, "bates");
        Objects.requireNonNull(status, "status");
        documentIds = documentIds == null ? List.of() : List.copyOf(documentIds);
    }

    ProductionExport withProgress(int done, long pagesSoFar) {
        return new ProductionExport(exportId, holdId, holdName, matter, requestedBy, requestedAt, bates, documentIds,
                status, done, pagesSoFar, error, finishedAt, batesBegin, batesEnd, zipBytes, zipSha256,
                manifestSha256, custodySha256);
    }

    ProductionExport done(Production production, long bytes, String sha256, Instant at) {
        return new ProductionExport(exportId, holdId, holdName, matter, requestedBy, requestedAt, bates, documentIds,
                ExportStatus.DONE, documentIds.size(), production.pages(), null, at, production.batesBegin(),
                production.batesEnd(), bytes, sha256, production.manifestSha256(), production.custodySha256());
    }

    ProductionExport failed(String reason, Instant at) {
        return new ProductionExport(exportId, holdId, holdName, matter, requestedBy, requestedAt, bates, documentIds,
                ExportStatus.FAILED, documentsDone, pages, reason, at, null, null, 0, null, null, null);
    }
}
