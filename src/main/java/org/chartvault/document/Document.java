package org.chartvault.document;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One archived document: an uploaded file (or a part of a scanned stream) and what is known about it.
 * Stored as {@code documents/<id>/document.json}.
 *
 * <p>{@code sha256}, {@code fileName}, {@code contentType} and {@code bytes} describe the document's original, the
 * file it hands out: while the document is an uploaded file whole and unchanged, that file itself
 * ({@code originals/<sha256>}); once it was cut from a larger scan, reordered or joined with another, a PDF of its
 * own pages ({@link StorageKeys#ownOriginal}). Each page names where it lies in the uploaded scan it came from.
 *
 * @param pagesTotal   number of pages in the original (known once imaging has opened it; 0 before)
 * @param pages        pages processed so far, in order, each with its place in its scan
 * @param holds        ids of the legal holds that cover this document
 * @param reviewReasons why a person must look at it (status {@code needs-review}): a kind and a sentence each
 * @param version      incremented on every change of this record
 */
public record Document(String documentId, String sha256, String fileName, String contentType, long bytes,
                       String batchId, String uploadedBy, Instant uploadedAt,
                       Indexing indexing, DocumentStatus status, int pagesTotal, List<PageSummary> pages,
                       List<String> holds, List<ReviewReason> reviewReasons, String error,
                       long version, Instant updatedAt) {

    public Document {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(sha256, "sha256");
        indexing = indexing == null ? Indexing.EMPTY : indexing;
        pages = pages == null ? List.of() : List.copyOf(pages);
        holds = holds == null ? List.of() : List.copyOf(holds);
        reviewReasons = reviewReasons == null ? List.of() : List.copyOf(reviewReasons);
    }

    public boolean isHeld() {
        return !holds.isEmpty();
    }

    /**
     * A file just received (uploaded, dropped in a watched folder, filed through FHIR), waiting to be processed: its
     * original is the upload itself, {@code pagesTotal} as the file says (0 when not known yet).
     */
    public static Document received(String documentId, OriginalFile upload, String batchId, String uploadedBy,
                                    Instant uploadedAt, Indexing typed, int pagesTotal) {
        return new Builder(documentId, upload).batch(batchId, uploadedBy, uploadedAt).indexing(typed)
                .status(DocumentStatus.QUEUED).pages(pagesTotal, List.of()).build();
    }

    /**
     * A new document made of pages cut out of {@code from} (a scanned stream cut at its separator sheets, a reviewer's
     * split): the same upload batch, uploader and time, an original of its own pages, no holds of its own yet.
     */
    public static Document cutFrom(Document from, String documentId, OriginalFile own, List<PageSummary> pages,
                                   Indexing indexing, DocumentStatus status, List<ReviewReason> reasons) {
        return new Builder(documentId, own).batch(from.batchId, from.uploadedBy, from.uploadedAt).indexing(indexing)
                .status(status).pages(pages.size(), pages).reviewReasons(reasons).build();
    }

    /** This record with some of its values changed. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public Document withStatus(DocumentStatus newStatus, String newError) {
        return toBuilder().status(newStatus).error(newError).build();
    }

    public Document withIndexing(Indexing newIndexing) {
        return toBuilder().indexing(newIndexing).build();
    }

    /** Where page {@code number} lies in its source scan; null for a page it does not have or one of unknown source. */
    public ScanPage scanOf(int number) {
        return pages.stream().filter(p -> p.number() == number).findFirst().map(PageSummary::scan).orElse(null);
    }

    public Document withPages(int newPagesTotal, List<PageSummary> newPages) {
        return toBuilder().pages(newPagesTotal, newPages).build();
    }

    public Document withHolds(List<String> newHolds) {
        return toBuilder().holds(newHolds).build();
    }

    public Document withOriginal(OriginalFile original) {
        return toBuilder().original(original).build();
    }

    public OriginalFile original() {
        return new OriginalFile(sha256, fileName, contentType, bytes);
    }

    /**
     * Every page names its place in its scan. False only for records stored before ChartVault kept it, which
     * {@code originals.Originals} completes before anything of the document is handed out.
     */
    @JsonIgnore
    public boolean isScanRecorded() {
        return pages.stream().allMatch(p -> p.scan() != null);
    }

    /**
     * The original is the uploaded file itself: every page lies in the scan the record's {@code sha256} names
     * (also before any page is listed: a document waiting to be processed is its upload).
     */
    @JsonIgnore
    public boolean isWholeUpload() {
        return pages.stream().allMatch(p -> p.scan() != null && sha256.equals(p.scan().sha256()));
    }

    /**
     * The uploaded scans this document's pages lie in, which it holds a claim on ({@link OriginalOwners}). A record
     * from before pages named their scan, or one without pages yet, holds the one its {@code sha256} names.
     */
    @JsonIgnore
    public Set<String> scans() {
        Set<String> scans = new LinkedHashSet<>();
        if (pages.isEmpty()) scans.add(sha256);
        for (PageSummary page : pages) {
            if (page.scan() == null) scans.add(sha256);
            else if (page.scan().sha256() != null) scans.add(page.scan().sha256());
        }
        return scans;
    }

    /** Where the pages came from, as runs of consecutive pages from one scan, in the document's order. */
    @JsonIgnore
    public List<SourceScan> sourceScans() {
        List<SourceScan> runs = new ArrayList<>();
        String sha = null;
        List<Integer> numbers = null;
        boolean known = true;
        for (PageSummary page : pages) {
            String pageSha = page.scan() == null ? sha256 : page.scan().sha256();
            Integer number = page.scan() == null ? null : page.scan().page();
            if (numbers == null || !Objects.equals(sha, pageSha)) {
                if (numbers != null) runs.add(new SourceScan(sha, known ? numbers : null));
                sha = pageSha;
                numbers = new ArrayList<>();
                known = true;
            }
            if (number == null) known = false;
            else numbers.add(number);
        }
        if (numbers != null) runs.add(new SourceScan(sha, known ? numbers : null));
        return runs;
    }

    public Document withReviewReasons(List<ReviewReason> newReasons) {
        return toBuilder().reviewReasons(newReasons).build();
    }

    /** The record as it is written: next version, stamped with the time of the write. */
    Document nextVersion(Instant now) {
        Builder next = toBuilder();
        next.version = version + 1;
        next.updatedAt = now;
        return next.build();
    }

    /**
     * A document's values by name: a new record starts from its id and original ({@link #received}, {@link #cutFrom}),
     * a changed one from the record it changes ({@link #toBuilder}). Version and write time are the repository's.
     */
    public static final class Builder {
        private final String documentId;
        private OriginalFile original;
        private String batchId;
        private String uploadedBy;
        private Instant uploadedAt;
        private Indexing indexing;
        private DocumentStatus status;
        private int pagesTotal;
        private List<PageSummary> pages;
        private List<String> holds;
        private List<ReviewReason> reviewReasons;
        private String error;
        private long version;
        private Instant updatedAt;

        public Builder(String documentId, OriginalFile original) {
            this.documentId = documentId;
            this.original = original;
        }

        private Builder(Document d) {
            this(d.documentId, d.original());
            batchId = d.batchId;
            uploadedBy = d.uploadedBy;
            uploadedAt = d.uploadedAt;
            indexing = d.indexing;
            status = d.status;
            pagesTotal = d.pagesTotal;
            pages = d.pages;
            holds = d.holds;
            reviewReasons = d.reviewReasons;
            error = d.error;
            version = d.version;
            updatedAt = d.updatedAt;
        }

        public Builder original(OriginalFile newOriginal) {
            original = newOriginal;
            return this;
        }

        /** The upload it came in with: batch, who uploaded it and when. */
        public Builder batch(String newBatchId, String newUploadedBy, Instant newUploadedAt) {
            batchId = newBatchId;
            uploadedBy = newUploadedBy;
            uploadedAt = newUploadedAt;
            return this;
        }

        public Builder indexing(Indexing newIndexing) {
            indexing = newIndexing;
            return this;
        }

        public Builder status(DocumentStatus newStatus) {
            status = newStatus;
            return this;
        }

        public Builder error(String newError) {
            error = newError;
            return this;
        }

        public Builder pages(int newPagesTotal, List<PageSummary> newPages) {
            pagesTotal = newPagesTotal;
            pages = newPages;
            return this;
        }

        public Builder holds(List<String> newHolds) {
            holds = newHolds;
            return this;
        }

        public Builder reviewReasons(List<ReviewReason> newReasons) {
            reviewReasons = newReasons;
            return this;
        }

        public Document build() {
            return new Document(documentId, original.sha256(), original.fileName(), original.contentType(),
                    original.bytes(), batchId, uploadedBy, uploadedAt, indexing, status, pagesTotal, pages, holds,
                    reviewReasons, error, version, updatedAt);
        }
    }
}
