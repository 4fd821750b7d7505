package org.chartvault.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHasherTest {
    private static final PasswordHasher REAL = new PasswordHasher(PasswordHasher.Settings.RECOMMENDED);

    @Test
    void hashRoundTripsWithTheServerSettingsAndRefusesAWrongPassword() {
        String encoded = REAL.hash("correct horse battery staple");

        assertTrue(encoded.startsWith("$argon2id$v=19$m=65536,t=3,p=1$"), encoded);
        assertTrue(REAL.verify("correct horse battery staple", encoded));
        assertFalse(REAL.verify("correct horse battery stapler", encoded));
        assertFalse(REAL.verify("", encoded));
        assertFalse(REAL.needsRehash(encoded));
    }

    @Test
    void samePasswordHashesDifferentlyEachTime() {
        PasswordHasher quick = new PasswordHasher(SecurityFixture.QUICK);
        assertNotEquals(quick.hash("same password twice"), quick.hash("same password twice"));
    }

    @Test
    void phcStringParsesBackToItsParts() {
        PhcHash parsed = PhcHash.parse(REAL.hash("a password for parsing"));

        assertEquals(65536, parsed.memoryKib());
        assertEquals(3, parsed.iterations());
        assertEquals(1, parsed.parallelism());
        assertEquals(16, parsed.salt().length);
        assertEquals(32, parsed.hash().length);
        PhcHash again = PhcHash.parse(parsed.encode());
        assertArrayEquals(parsed.salt(), again.salt());
        assertArrayEquals(parsed.hash(), again.hash());
    }

    /**
     * Hashes made by the Argon2 reference implementation (Debian package argon2), e.g.
     * {@code echo -n "correct horse battery staple" | argon2 chartvaultsalt16 -id -t 3 -m 16 -p 1 -e}:
     * proves the PHC encoding and parameters interoperate, not just round-trip through our own code.
     */
    @Test
    void verifiesHashesMadeByTheReferenceImplementation() {
        PasswordHasher quick = new PasswordHasher(SecurityFixture.QUICK);
        String reference = "$argon2id$v=19$m=65536,t=3,p=1$Y2hhcnR2YXVsdHNhbHQxNg$JHldhmLpfmOKj50PzhNX98fyW14es4NzZmY8xBp/jRI";
        String twoLanes = "$argon2id$v=19$m=4096,t=2,p=2$YW5vdGhlcnNhbHQxNmJ5dA$SmhiGrjbjVhlcGCnHwXSSXnLMIcbqrJSHxHwEt88emU";

        assertTrue(quick.verify("correct horse battery staple", reference));
        assertFalse(quick.verify("correct horse battery staplE", reference));
        assertTrue(quick.verify("Ünïcödé pässwörd 123", twoLanes));
        assertTrue(quick.needsRehash(twoLanes), "two lanes and less memory than RECOMMENDED");
    }

    @Test
    void passwordIsNormalisedSoTheSameTextTypedDifferentlyMatches() {
        PasswordHasher quick = new PasswordHasher(SecurityFixture.QUICK);
        String composed = "Caf\u00e9 au lait, s'il vous pla\u00eet";
        String decomposed = "Cafe\u0301 au lait, s'il vous plai\u0302t";

        assertTrue(quick.verify(decomposed, quick.hash(composed)));
    }

    @Test
    void weakerStoredParametersNeedARehash() {
        PasswordHasher weak = new PasswordHasher(new PasswordHasher.Settings(2048, 1, 1));
        PasswordHasher stronger = new PasswordHasher(new PasswordHasher.Settings(4096, 2, 1));
        String old = weak.hash("an old password hash");

        assertTrue(stronger.needsRehash(old));
        assertTrue(stronger.verify("an old password hash", old), "old parameters still verify");
        assertFalse(weak.needsRehash(old));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "plaintext",
            "$argon2i$v=19$m=4096,t=2,p=1$YW5vdGhlcnNhbHQxNmJ5dA$SmhiGrjbjVhlcGCnHwXSSXnLMIcbqrJSHxHwEt88emU",
            "$argon2id$v=16$m=4096,t=2,p=1$YW5vdGhlcnNhbHQxNmJ5dA$SmhiGrjbjVhlcGCnHwXSSXnLMIcbqrJSHxHwEt88emU",
            "$argon2id$v=19$m=4096,t=2$YW5vdGhlcnNhbHQxNmJ5dA$SmhiGrjbjVhlcGCnHwXSSXnLMIcbqrJSHxHwEt88emU",
            "$argon2id$v=19$m=99999999,t=2,p=1$YW5vdGhlcnNhbHQxNmJ5dA$SmhiGrjbjVhlcGCnHwXSSXnLMIcbqrJSHxHwEt88emU",
            "$argon2id$v=19$m=4096,t=2,p=1,x=3$YW5vdGhlcnNhbHQxNmJ5dA$SmhiGrjbjVhlcGCnHwXSSXnLMIcbqrJSHxHwEt88emU",
            "$argon2id$v=19$m=4096,t=2,p=1$not*base64$SmhiGrjbjVhlcGCnHwXSSXnLMIcbqrJSHxHwEt88emU",
            "$argon2id$v=19$m=4096,t=2,p=1$YW5vdGhlcnNhbHQxNmJ5dA$c2hvcnQ",
    })
    void malformedStoredHashesAreRefusedNotTrusted(String encoded) {
        PasswordHasher quick = new PasswordHasher(SecurityFixture.QUICK);
        assertThrows(IllegalArgumentException.class, () -> PhcHash.parse(encoded));
        assertFalse(quick.verify("any password at all", encoded));
        assertTrue(quick.needsRehash(encoded));
    }
}
