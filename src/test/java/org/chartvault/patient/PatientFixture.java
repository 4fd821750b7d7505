package org.chartvault.patient;

import org.chartvault.storage.InProcessLocks;
import org.chartvault.storage.LocalDiskStore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** A registry on a temporary store with a fixed clock, and a few patients to put in it. */
public final class PatientFixture {
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

    private PatientFixture() {
    }

    public static PatientRegistry registry(Path dir) throws IOException {
        return new PatientRegistry(new LocalDiskStore(dir), new InProcessLocks(), CLOCK);
    }

    public static Patient patient(String mrn, String family, String given, String birthDate, Sex sex) {
        return Patient.active(mrn, family, List.of(given.split(" ")), LocalDate.parse(birthDate), sex, "test", CLOCK.instant());
    }
}
