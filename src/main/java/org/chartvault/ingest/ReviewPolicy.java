package org.chartvault.ingest;

import org.chartvault.document.Indexing;
import org.chartvault.document.PageContent;
import org.chartvault.document.ReviewReason;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Why a person should look at a processed document before it is trusted, in words they can act on: pages that could
 * not be read, what auto-indexing was unsure of, no patient at all, and pages whose OCR confidence is low. No reasons:
 * the document is filed as indexed.
 */
final class ReviewPolicy {
    private final double reviewConfidence;

    /** @param reviewConfidence mean OCR word confidence (0..100) below which a page is worth a look */
    ReviewPolicy(double reviewConfidence) {
        this.reviewConfidence = reviewConfidence;
    }

    /**
     * Every reason, in the order a reviewer reads them: page problems, then auto-indexing's reasons, then the
     * policy's own.
     *
     * @param pageProblems     pages that could not be read, one sentence each
     * @param indexingReasons  what auto-indexing and the registry check were unsure of
     * @param indexing         the values the document is filed with
     * @param searchable       its pages that go into search (read, not blank)
     */
    List<ReviewReason> reasons(List<String> pageProblems, List<ReviewReason> indexingReasons, Indexing indexing,
                               List<PageContent> searchable) {
        List<ReviewReason> reasons = new ArrayList<>(pageProblems(pageProblems));
        reasons.addAll(indexingReasons);
        if (indexing.mrn() == null && reasons.stream().noneMatch(r -> r.isAbout("mrn"))) {
            reasons.add(ReviewReason.about("mrn", ReviewReason.Kind.NO_PATIENT, "No patient (MRN) was given or found on the pages."));
        }
        List<Integer> unsure = searchable.stream()
                .filter(p -> p.confidence() != null && p.confidence() < reviewConfidence)
                .map(PageContent::number).toList();
        if (!unsure.isEmpty()) {
            reasons.add(ReviewReason.of(ReviewReason.Kind.LOW_OCR_CONFIDENCE, "OCR confidence is below "
                    + Math.round(reviewConfidence) + " on page(s) "
                    + unsure.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "."));
        }
        return reasons;
    }

    /** Pages that could not be read, as review reasons. */
    static List<ReviewReason> pageProblems(List<String> problems) {
        return problems.stream().map(p -> ReviewReason.of(ReviewReason.Kind.PAGE_PROBLEM, p)).toList();
    }
}
