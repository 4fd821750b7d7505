package org.chartvault.release;

import org.chartvault.Json;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fee rules as a table, and a release with its fee, extension and letters surviving the store's JSON. */
class FeeRulesTest {
    static final Instant AT = Instant.parse("2026-05-04T14:00:00Z");
    static final RequestType ACCESS = RequestType.DEFAULTS.get(0);
    static final RequestType THIRD_PARTY = RequestType.DEFAULTS.get(1);
    static final RequestType TPO = RequestType.DEFAULTS.get(2);

    static Release releaseOf(int pages) {
        List<Integer> numbers = java.util.stream.IntStream.rangeClosed(1, pages).boxed().toList();
        return Release.builder("rel_0", "123").status(ReleaseStatus.RECEIVED).requester(new Requester("A B", null, null))
                .included(List.of(new ReleasedDocument("doc_1", "PROGRESS NOTE", LocalDate.of(2026, 1, 2), numbers, null, false)))
                .build();
    }

    static FeeLine line(String kind, String amount) {
        return new FeeLine(FeeLine.Kind.fromWire(kind), null, new BigDecimal(amount));
    }

    @Test
    void aPatientMayBeChargedOnlyLaborSuppliesPostageOrTheFlatFee() {
        for (String refused : List.of("search", "retrieval", "per-page", "base-fee", "other", "flat-electronic")) {
            var e = assertThrows(InvalidReleaseException.class, () -> FeeRules.quote(ACCESS, releaseOf(3),
                    new FeeRules.Quote("cost-based", List.of(line("labor", "5"), line(refused, "1"))), FeeSchedule.DEFAULTS, "c", AT), refused);
            assertEquals("fee-not-allowed", e.code(), refused);
        }
        Fee cost = FeeRules.quote(ACCESS, releaseOf(3), new FeeRules.Quote(null,
                List.of(line("labour", "5.00"), line("supplies", "0.30"), line("postage", "1.51"))), FeeSchedule.DEFAULTS, "c", AT);
        assertEquals(new BigDecimal("6.81"), cost.total());
        assertEquals("cost-based", cost.method());
        Fee flat = FeeRules.quote(ACCESS, releaseOf(300), new FeeRules.Quote(null, List.of()), FeeSchedule.DEFAULTS, "c", AT);
        assertEquals(new BigDecimal("6.50"), flat.total(), "the flat fee whatever the pages");
    }

    @Test
    void aThirdPartyPaysTheScheduleAndATypeWithoutAFeeRuleNothing() {
        Fee fee = FeeRules.quote(THIRD_PARTY, releaseOf(7), new FeeRules.Quote(null, List.of(line("other", "10"))),
                new FeeSchedule(new BigDecimal("15"), new BigDecimal("15.00"), new BigDecimal("0.25"), true), "c", AT);
        assertEquals(new BigDecimal("26.75"), fee.total(), "15 + 7 × 0.25 + 10");
        var none = assertThrows(InvalidReleaseException.class, () -> FeeRules.quote(TPO, releaseOf(1),
                new FeeRules.Quote(null, List.of()), FeeSchedule.DEFAULTS, "c", AT));
        assertEquals("no-fee", none.code());
        assertThrows(InvalidReleaseException.class, () -> line("labor", "1.005"), "cents only");
        assertThrows(InvalidReleaseException.class, () -> line("labor", "-1"));
    }

    @Test
    void theBalanceFollowsPaymentsAndAWaiver() {
        Fee fee = FeeRules.quote(ACCESS, releaseOf(1), new FeeRules.Quote("flat-electronic", List.of()), FeeSchedule.DEFAULTS, "c", AT);
        Fee part = fee.withPayment(new Fee.Payment(new BigDecimal("2.00"), "cash", null, LocalDate.of(2026, 5, 4), "c", AT));
        assertEquals(new BigDecimal("4.50"), part.balance());
        assertEquals(new BigDecimal("0.00"), part.waived(new Fee.Waiver("hardship", "c", AT)).balance());
        assertTrue(part.waived(new Fee.Waiver("hardship", "c", AT)).owesNothing());
    }

    @Test
    void aReleaseKeepsItsFeeExtensionAndLettersThroughTheStoresJson() {
        Fee fee = FeeRules.quote(ACCESS, releaseOf(1), new FeeRules.Quote(null, List.of()), FeeSchedule.DEFAULTS, "c", AT)
                .withPayment(new Fee.Payment(new BigDecimal("1.50"), "card", "r1", LocalDate.of(2026, 5, 4), "c", AT));
        Release release = releaseOf(1).toBuilder().fee(fee)
                .extension(new Extension("off site", LocalDate.of(2026, 5, 10), LocalDate.of(2026, 6, 9), LocalDate.of(2026, 5, 4), "c", AT))
                .letters(List.of(new Letter("let_1", LetterKind.EXTENSION_NOTICE, "Notice", "ab", 10, "c", AT))).build();
        Release read = Json.read(Json.bytes(release), Release.class);
        assertEquals(release, read);
        assertEquals(new BigDecimal("5.00"), read.fee().balance());
    }
}
