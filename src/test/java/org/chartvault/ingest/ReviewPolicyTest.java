package org.chartvault.ingest;

import org.chartvault.document.Indexing;
import org.chartvault.document.PageContent;
import org.chartvault.document.ReviewReason;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReviewPolicyTest {
    private static final Indexing PATIENT = new Indexing("00573910", null, null, null, null, null);
    private final ReviewPolicy policy = new ReviewPolicy(80);

    private static PageContent page(int number, Double confidence) {
        return new PageContent(number, 2550, 3300, 300, PageContent.SOURCE_OCR, 0, 0, confidence, "text", List.of(), false);
    }

    private static List<ReviewReason.Kind> kinds(List<ReviewReason> reasons) {
        return reasons.stream().map(ReviewReason::kind).toList();
    }

    @Test
    void aDocumentWithItsPatientAndConfidentPagesNeedsNoReview() {
        assertEquals(List.of(), policy.reasons(List.of(), List.of(), PATIENT, List.of(page(1, 91.0), page(2, 80.0))));
    }

    @Test
    void aDocumentWithoutAPatientIsReviewed() {
        List<ReviewReason> reasons = policy.reasons(List.of(), List.of(), Indexing.EMPTY, List.of(page(1, 95.0)));
        assertEquals(List.of(ReviewReason.Kind.NO_PATIENT), kinds(reasons));
        assertEquals("No patient (MRN) was given or found on the pages.", reasons.get(0).text());
    }

    @Test
    void whatAutoIndexingSaidOfTheMrnIsNotRepeatedAsNoPatient() {
        ReviewReason mismatch = ReviewReason.about("mrn", ReviewReason.Kind.PATIENT_MISMATCH, "The label and the sheet disagree.");
        assertEquals(List.of(mismatch), policy.reasons(List.of(), List.of(mismatch), Indexing.EMPTY, List.of(page(1, 95.0))));
    }

    @Test
    void pagesReadWithLowConfidenceAreNamedInOneReason() {
        List<ReviewReason> reasons = policy.reasons(List.of(), List.of(), PATIENT,
                List.of(page(1, 95.0), page(2, 79.9), page(3, null), page(4, 12.0)));
        assertEquals(List.of(ReviewReason.Kind.LOW_OCR_CONFIDENCE), kinds(reasons));
        assertEquals("OCR confidence is below 80 on page(s) 2, 4.", reasons.get(0).text());
    }

    @Test
    void reasonsReadPageProblemsFirstThenAutoIndexingThenThePolicy() {
        ReviewReason typeUnknown = ReviewReason.about("documentType", ReviewReason.Kind.NO_DOCUMENT_TYPE, "The document type was not found.");
        List<ReviewReason> reasons = policy.reasons(List.of("Page 2 could not be read."), List.of(typeUnknown),
                Indexing.EMPTY, List.of(page(1, 50.0)));
        assertEquals(List.of(ReviewReason.Kind.PAGE_PROBLEM, ReviewReason.Kind.NO_DOCUMENT_TYPE, ReviewReason.Kind.NO_PATIENT,
                ReviewReason.Kind.LOW_OCR_CONFIDENCE), kinds(reasons));
        assertEquals("Page 2 could not be read.", reasons.get(0).text());
    }
}
