package org.chartvault.release;

import org.chartvault.document.PageContent;
import org.chartvault.imaging.Word;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules under a release, one table each: naming a category, an authorization's scope, redaction, storage keys. */
class ReleaseRulesTest {
    private static final SensitiveCategory PSYCHOTHERAPY = SensitiveCategory.DEFAULTS.get(0);
    private static final SensitiveCategory PART2 = SensitiveCategory.DEFAULTS.get(1);

    @ParameterizedTest(name = "\"{0}\" names Part 2: {1}, psychotherapy notes: {2}")
    @CsvSource({
            "42 CFR Part 2, true, false",
            "42cfr-part2, true, false",
            "substance-use-disorder, true, false",
            "Substance use disorder treatment, true, false",
            "SUD, true, false",
            "psychotherapy, false, true",
            "Psychotherapy Notes, false, true",
            "mental health, false, false",
            "all records, false, false",
    })
    void authorizationNamesACategoryOnlyExplicitly(String words, boolean part2, boolean psychotherapy) {
        assertEquals(part2, PART2.isNamedBy(words));
        assertEquals(psychotherapy, PSYCHOTHERAPY.isNamedBy(words));
    }

    @ParameterizedTest(name = "type \"{0}\" is Part 2: {1}")
    @CsvSource({
            "SUBSTANCE USE DISORDER TREATMENT, true",
            "substance  use disorder treatment, true",
            "Alcohol and Drug Treatment, true",
            "PROGRESS NOTE, false",
            "DISCHARGE SUMMARY, false",
    })
    void documentTypesMatchWithoutRegardToCaseOrSpacing(String type, boolean part2) {
        assertEquals(part2, PART2.covers(type));
    }

    @ParameterizedTest(name = "service date {0}: covered {1}")
    @CsvSource({
            "2023-12-31, false",
            "2024-01-01, true",
            "2024-06-30, true",
            "2024-07-01, false",
    })
    void dateRangeIncludesBothEnds(LocalDate serviceDate, boolean covered) {
        Authorization scope = Authorization.builder().documentTypes(List.of("discharge summary"))
                .from(LocalDate.of(2024, 1, 1)).to(LocalDate.of(2024, 6, 30)).build();
        assertEquals(covered, scope.coversDate(serviceDate));
        assertTrue(scope.coversType("DISCHARGE SUMMARY"));
    }

    @Test
    void authorizationThatEndsBeforeItStartsIsRefused() {
        assertThrows(InvalidReleaseException.class, () -> Authorization.builder()
                .from(LocalDate.of(2024, 2, 1)).to(LocalDate.of(2024, 1, 1)).build());
        Authorization expiring = Authorization.builder().signedOn(LocalDate.of(2024, 1, 1))
                .expires(LocalDate.of(2024, 12, 31)).build();
        assertEquals(false, expiring.isExpiredOn(LocalDate.of(2024, 12, 31)));
        assertEquals(true, expiring.isExpiredOn(LocalDate.of(2025, 1, 1)));
    }

    @Test
    void everyWordTouchingARedactionLeavesTheTextLayer() {
        List<Word> words = List.of(
                new Word("above", 100, 100, 80, 30, 95, 0),
                new Word("secret", 100, 200, 90, 30, 95, 1),
                new Word("half", 300, 190, 60, 30, 95, 1),          // only partly under the box
                new Word("edge", 520, 205, 50, 30, 95, 1),          // 3 px right of the box: within the margin
                new Word("beside", 600, 200, 70, 30, 95, 1),
                new Word("below", 100, 300, 80, 30, 95, 2));
        PageContent page = new PageContent(1, 1000, 1000, 300, "ocr", 0, 0, 90.0, "", words, false);
        PageContent kept = Redactor.withoutRedactedWords(page, List.of(new Rectangle(90, 195, 427, 40)));
        assertEquals(List.of("above", "beside", "below"), kept.words().stream().map(Word::text).toList());
        assertEquals("above\nbeside\nbelow", kept.text());
    }

    @Test
    void redactionBoxesAreBlackInTheImageAndClippedToIt() {
        BufferedImage white = new BufferedImage(50, 40, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 40; y++) for (int x = 0; x < 50; x++) white.getRaster().setSample(x, y, 0, 255);
        BufferedImage burned = Redactor.burn(white, List.of(new Rectangle(40, 30, 100, 100)));
        assertEquals(0, burned.getRaster().getSample(49, 39, 0));
        assertEquals(0, burned.getRaster().getSample(40, 30, 0));
        assertEquals(255, burned.getRaster().getSample(39, 30, 0));
        assertEquals(255, burned.getRaster().getSample(40, 29, 0));
    }

    @ParameterizedTest(name = "MRN \"{0}\" is folder \"{1}\"")
    @CsvSource({
            "00573910, 00573910",
            "AB-123, AB-123",
            "A/B, A%2FB",
            ".., %2E%2E",
            "12 34, 12%2034",
    })
    void anMrnIsOneSafeFolderName(String mrn, String folder) {
        assertEquals(folder, ReleaseKeys.folderOf(mrn));
    }

    @Test
    void pageListsReadAsRanges() {
        assertEquals("1-3, 5, 7-8", PacketWriter.ranges(List.of(1, 2, 3, 5, 7, 8)));
        assertEquals("4", PacketWriter.ranges(List.of(4)));
    }
}
