package org.chartvault.patient;

import org.chartvault.Json;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The patients ChartVault knows, kept in the object store so it survives like everything else and a second node
 * sees the same list. Fed by CSV import and HL7 ADT messages; read by capture to check what it found on a page.
 *
 * <p>All writes happen under one lock: registration traffic is a trickle, and a merge changes two records that
 * must not be changed halfway by someone else.
 */
public final class PatientRegistry {
    /** One object per patient, named by MRN. */
    static final String PATIENTS = "patients/";
    /** Empty marker objects {@code patients-by-birth-date/<yyyy-mm-dd>/<mrn>}: finds a name and birth date without reading every patient. */
    static final String BY_BIRTH_DATE = "patients-by-birth-date/";
    /** Empty marker objects {@code patients-merged-into/<surviving mrn>/<prior mrn>}: the MRNs a patient was also known by. */
    static final String BY_SURVIVOR = "patients-merged-into/";
    private static final String LOCK = "patient-registry";
    // a merge chain longer than this is a loop or a data error, not a hospital's history
    private static final int MAX_MERGE_CHAIN = 20;

    /** How a merge went. */
    public enum MergeOutcome {
        /** The prior record is now merged into the surviving one. */
        MERGED,
        /** It was already; nothing changed (a repeated message). */
        ALREADY_MERGED
    }

    private final ObjectStore store;
    private final Locks locks;
    private final Clock clock;

    public PatientRegistry(ObjectStore store, Locks locks, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Clock clock() {
        return clock;
    }

    /** The record stored under {@code mrn}, active or merged. */
    public Optional<Patient> find(String mrn) throws IOException {
        if (mrn == null || !mrn.matches(Patient.MRN_PATTERN)) return Optional.empty();
        try {
            return Optional.of(Json.read(store.getBytes(key(mrn)), Patient.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The active record for {@code mrn}: itself, or the record it was merged into (following later merges too). */
    public Optional<Patient> current(String mrn) throws IOException {
        Optional<Patient> patient = find(mrn);
        for (int step = 0; patient.isPresent() && !patient.get().isActive(); step++) {
            if (step == MAX_MERGE_CHAIN) throw new IOException("the merges of MRN " + mrn + " run in a loop");
            patient = find(patient.get().mergedInto());
        }
        return patient;
    }

    /** Every patient (active or merged) born on {@code birthDate}. */
    public List<Patient> bornOn(LocalDate birthDate) throws IOException {
        List<Patient> patients = new ArrayList<>();
        String prefix = BY_BIRTH_DATE + birthDate + "/";
        for (String key : store.list(prefix)) {
            find(key.substring(prefix.length())).filter(p -> birthDate.equals(p.birthDate())).ifPresent(patients::add);
        }
        return patients;
    }

    /** Active patients born on {@code birthDate} whose name agrees with {@code name} (same or likely). */
    public List<Patient> findByNameAndBirthDate(String name, LocalDate birthDate) throws IOException {
        Optional<PersonName> wanted = PersonName.parse(name);
        if (wanted.isEmpty() || birthDate == null) return List.of();
        return bornOn(birthDate).stream().filter(Patient::isActive)
                .filter(p -> p.name().compare(wanted.get()).agreement() != PersonName.Agreement.DIFFERENT)
                .toList();
    }

    /**
     * The retired MRNs merged into {@code survivingMrn}, also through earlier merges (A into B, then B into C: C
     * was known as A and B), in order. Merges recorded before the survivor markers are found among the records
     * born on the survivor's birth date, where a merge's demographics put them.
     */
    public List<String> mergedInto(String survivingMrn) throws IOException {
        java.util.Set<String> found = new java.util.TreeSet<>();
        java.util.Deque<String> survivors = new java.util.ArrayDeque<>(List.of(survivingMrn));
        LocalDate born = find(survivingMrn).map(Patient::birthDate).orElse(null);
        List<Patient> sameBirthDate = born == null ? List.of() : bornOn(born);
        while (!survivors.isEmpty() && found.size() < 1000) {
            String survivor = survivors.pop();
            String prefix = BY_SURVIVOR + survivor + "/";
            List<String> priors = new ArrayList<>(store.list(prefix).stream().map(k -> k.substring(prefix.length())).toList());
            for (Patient p : sameBirthDate) if (survivor.equals(p.mergedInto())) priors.add(p.mrn());
            for (String prior : priors) {
                if (!prior.equals(survivingMrn) && found.add(prior)) survivors.push(prior);
            }
        }
        return List.copyOf(found);
    }

    /** No patient registered yet (no ADT feed or import): checks of typed MRNs then go by their form alone. */
    public boolean isEmpty() throws IOException {
        // asked on every typed MRN; a registry with patients never becomes empty again (none is ever removed),
        // so once one is seen the answer is kept instead of listing every patient each time
        if (hasPatients) return false;
        hasPatients = store.list(PATIENTS).stream().anyMatch(k -> k.endsWith(".json"));
        return !hasPatients;
    }

    private volatile boolean hasPatients;

    /** Every MRN in the registry, in order. */
    public List<String> mrns() throws IOException {
        return store.list(PATIENTS).stream().filter(k -> k.endsWith(".json"))
                .map(k -> k.substring(PATIENTS.length(), k.length() - ".json".length())).toList();
    }

    /**
     * Stores an active patient, new or changed, and returns what was stored (stamped now). A retired MRN cannot
     * be registered again: its documents went to the surviving record.
     */
    public Patient save(Patient patient) throws IOException {
        if (!patient.isActive()) throw new IllegalArgumentException("Save active patients; merges go through merge().");
        return locks.withLock(LOCK, () -> {
            Optional<Patient> existing = find(patient.mrn());
            if (existing.isPresent() && !existing.get().isActive()) {
                throw new IllegalStateException("MRN " + patient.mrn() + " was merged into " + existing.get().mergedInto()
                        + "; change that patient instead.");
            }
            if (existing.isPresent() && existing.get().sameAs(patient)) return existing.get();
            Patient stamped = new Patient(patient.mrn(), patient.familyName(), patient.givenNames(), patient.birthDate(),
                    patient.sex(), patient.status(), patient.mergedInto(), patient.source(), clock.instant());
            write(stamped, existing.orElse(null));
            return stamped;
        });
    }

    /**
     * Retires {@code priorMrn} into {@code survivingMrn}, which must be an active patient. A prior MRN the registry
     * never heard of is recorded as merged all the same (documents may carry it), with the survivor's demographics.
     */
    public MergeOutcome merge(String priorMrn, String survivingMrn, String source) throws IOException {
        if (priorMrn.equals(survivingMrn)) throw new IllegalArgumentException("MRN " + priorMrn + " cannot be merged into itself.");
        return locks.withLock(LOCK, () -> {
            Patient surviving = find(survivingMrn).orElseThrow(() ->
                    new IllegalStateException("The surviving MRN " + survivingMrn + " is not registered."));
            if (!surviving.isActive()) {
                throw new IllegalStateException("The surviving MRN " + survivingMrn + " was itself merged into "
                        + surviving.mergedInto() + ".");
            }
            Optional<Patient> prior = find(priorMrn);
            if (prior.isPresent() && !prior.get().isActive()) {
                if (prior.get().mergedInto().equals(survivingMrn)) return MergeOutcome.ALREADY_MERGED;
                throw new IllegalStateException("MRN " + priorMrn + " was already merged into " + prior.get().mergedInto()
                        + ", not " + survivingMrn + ".");
            }
            Patient retired = prior.orElseGet(() -> new Patient(priorMrn, surviving.familyName(), surviving.givenNames(),
                            surviving.birthDate(), surviving.sex(), PatientStatus.ACTIVE, null, source, clock.instant()))
                    .mergedInto(survivingMrn, source, clock.instant());
            write(retired, prior.orElse(null));
            store.put(BY_SURVIVOR + survivingMrn + "/" + priorMrn, new byte[0], "text/plain");
            return MergeOutcome.MERGED;
        });
    }

    private void write(Patient patient, Patient previous) throws IOException {
        store.put(key(patient.mrn()), Json.bytes(patient), "application/json");
        if (previous != null && previous.birthDate() != null && !previous.birthDate().equals(patient.birthDate())) {
            store.delete(birthKey(previous.birthDate(), patient.mrn()));
        }
        if (patient.birthDate() != null) store.put(birthKey(patient.birthDate(), patient.mrn()), new byte[0], "text/plain");
    }

    private static String key(String mrn) {
        return PATIENTS + mrn + ".json";
    }

    private static String birthKey(LocalDate birthDate, String mrn) {
        return BY_BIRTH_DATE + birthDate + "/" + mrn;
    }
}
