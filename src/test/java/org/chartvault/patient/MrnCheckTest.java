package org.chartvault.patient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MrnCheckTest {
    @TempDir
    Path dir;

    @Test
    void aDigitTooFewDoesNotFitTheHospitalsPatternEvenBeforeTheRegistryIsFed() throws IOException {
        MrnCheck check = new MrnCheck(PatientFixture.registry(dir), "\\d{8}");
        MrnCheck.Result typo = check.check("0081934");
        assertEquals(MrnCheck.Problem.FORMAT, typo.problem());
        assertTrue(typo.registryEmpty());
        assertTrue(typo.message().startsWith("MRN 0081934 does not have the form of this hospital's MRNs (\\d{8})"), typo.message());
        MrnCheck.Result fits = check.check(" 00819345 ");
        assertTrue(fits.isAcceptable(), "the pattern alone applies while the registry is empty");
        assertEquals("00819345", fits.mrn());
    }

    @Test
    void anUnregisteredMrnNeedsAReasonAndARegisteredOneNamesItsPatient() throws IOException {
        PatientRegistry registry = PatientFixture.registry(dir);
        registry.save(Patient.active("00412345", "Okafor", List.of("Marguerite"), LocalDate.of(1961, 4, 23), Sex.FEMALE,
                "test", Instant.EPOCH));
        MrnCheck check = new MrnCheck(registry, null);

        MrnCheck.Result known = check.check("00412345");
        assertTrue(known.isAcceptable());
        assertEquals("OKAFOR, MARGUERITE", known.name().orElseThrow());
        assertEquals(LocalDate.of(1961, 4, 23), known.birthDate().orElseThrow());
        assertNull(known.message());

        UnconfirmedMrnException refused = assertThrows(UnconfirmedMrnException.class, () -> check.require("00819345", null));
        assertEquals(MrnCheck.Problem.NOT_IN_REGISTRY, refused.result().problem());
        assertTrue(refused.getMessage().startsWith("MRN 00819345 is not in the patient registry"), refused.getMessage());
        MrnCheck.Accepted kept = check.require("00819345", new MrnCheck.Confirmation("  Outside record  "));
        assertTrue(kept.wasConfirmed());
        assertEquals("Outside record", kept.confirmation().reason());
        assertFalse(check.require("00412345", new MrnCheck.Confirmation("not needed")).wasConfirmed(),
                "a confirmation of an MRN that needed none is not recorded");
        assertThrows(IllegalArgumentException.class, () -> new MrnCheck.Confirmation(" "));
    }

    @Test
    void aRetiredMrnIsFiledUnderTheOneItWasMergedInto() throws IOException {
        PatientRegistry registry = PatientFixture.registry(dir);
        registry.save(Patient.active("00412345", "Okafor", List.of("Marguerite"), LocalDate.of(1961, 4, 23), Sex.FEMALE,
                "test", Instant.EPOCH));
        registry.merge("00412399", "00412345", "test");
        MrnCheck.Result merged = new MrnCheck(registry, "\\d{8}").check("00412399");
        assertTrue(merged.isAcceptable());
        assertEquals("00412345", merged.fileUnder());
        assertEquals("MRN 00412399 was merged into 00412345.", merged.message());
    }

    @Test
    void aPatternThatIsNoRegularExpressionStopsTheStartWithASentence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MrnCheck.compile("\\d{8"));
        assertTrue(e.getMessage().startsWith("CHARTVAULT_MRN_PATTERN must be a regular expression"), e.getMessage());
    }
}
