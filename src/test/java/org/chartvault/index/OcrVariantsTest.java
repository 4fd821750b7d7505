package org.chartvault.index;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class OcrVariantsTest {

    @ParameterizedTest(name = "{0} and {1} share a key")
    @CsvSource({
            "internal, intemal",
            "sternum, stemum",
            "hypertension, hypertensi0n",
            "blood, b1ood",
            "follow, fo11ow",
            "swelling, swe11ing",
            "hba1c, hbalc",
    })
    void commonOcrConfusionsFoldToTheSameKey(String clean, String damaged) {
        assertEquals(OcrVariants.fold(clean), OcrVariants.fold(damaged));
    }

    @ParameterizedTest(name = "{0} and {1} stay apart")
    @CsvSource({
            "10, lo",
            "2024, 2o24",
            "100, loo",
            "blood, bleed",
    })
    void numbersAndRealDifferencesAreNotFolded(String a, String b) {
        assertNotEquals(OcrVariants.fold(a), OcrVariants.fold(b));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"aspirin", "intemal", "2024", "rn", "b1"})
    void wordsThatAreTheirOwnKeyOrTooShortGetNoExtraToken(String token) {
        assertNull(OcrVariants.indexVariant(token));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"internal, intemal", "b1ood, blood"})
    void theExtraTokenIsTheMarkedKey(String token, String key) {
        assertEquals(OcrVariants.MARK + key, OcrVariants.indexVariant(token));
    }
}
