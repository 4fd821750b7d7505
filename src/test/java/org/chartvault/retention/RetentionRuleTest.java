package org.chartvault.retention;

import org.chartvault.document.Indexing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RetentionRuleTest {
    private static final RetentionRule TEN_YEARS_MINORS_TO_21 = new RetentionRule(null, 10, 18, 3);
    private static final RetentionRule TEN_YEARS = new RetentionRule(null, 10, null, null);

    @ParameterizedTest(name = "born {0}, served {1}: kept until {2} (with the minors'' clause), {3} (without)")
    @CsvSource({
            // adult at service: ten years after the date of service either way
            "1950-04-01, 2010-03-01, 2020-03-01, 2020-03-01",
            // minor at service whose 21st birthday comes later than ten years: kept to 21
            "2015-01-01, 2016-01-01, 2036-01-01, 2026-01-01",
            // minor at service whose 21st birthday comes earlier: ten years still apply
            "2000-01-01, 2012-01-01, 2022-01-01, 2022-01-01",
            // unknown birth date: kept as if born on the day of service (never shorter than a minor's period)
            ", 2012-01-01, 2033-01-01, 2022-01-01",
    })
    void retainUntilFollowsTheScheduleAsHimWritesIt(LocalDate born, LocalDate served, LocalDate withMinors, LocalDate without) {
        Indexing values = new Indexing("M1", "DOE, JANE", born, "PROGRESS NOTE", served, null);
        assertEquals(withMinors, TEN_YEARS_MINORS_TO_21.decide(values).retainUntil());
        assertEquals(without, TEN_YEARS.decide(values).retainUntil());
    }

    @ParameterizedTest(name = "born {0}, served 2019-06-01: kept until {1}")
    @CsvSource({
            "2001-06-02, 2024-06-02", // seventeen on the day of service: a minor, kept to 18 + 5
            "2001-06-01, 2020-06-01", // eighteen that day: an adult, one year after service
    })
    void theAgeOfMajorityIsReachedOnTheBirthday(LocalDate born, LocalDate until) {
        RetentionRule oneYearMinorsToTwentyThree = new RetentionRule(null, 1, 18, 5);
        Indexing values = new Indexing("M1", null, born, null, LocalDate.of(2019, 6, 1), null);
        assertEquals(until, oneYearMinorsToTwentyThree.decide(values).retainUntil());
    }

    @ParameterizedTest
    @CsvSource({"1950-01-01", "2020-01-01"})
    void withoutADateOfServiceNothingIsComputed(LocalDate born) {
        assertNull(TEN_YEARS_MINORS_TO_21.decide(new Indexing("M1", null, born, null, null, null)).retainUntil());
    }
}
