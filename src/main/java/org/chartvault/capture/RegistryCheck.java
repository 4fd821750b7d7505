package org.chartvault.capture;

import org.chartvault.patient.Patient;
import org.chartvault.patient.PatientRegistry;
import org.chartvault.patient.PatientStatus;
import org.chartvault.patient.PersonName;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks what capture read off a document against the patient registry: does the MRN exist, and do the name and
 * birth date on the page belong to that patient? A page whose name or birth date contradicts its MRN is the
 * classic misfile (another patient's label on the chart), so it goes to a person.
 */
public final class RegistryCheck {

    public enum Agreement {
        /** The MRN exists and the name and/or birth date on the page agree with it. */
        AGREES,
        /** The MRN exists; the page shows no name or birth date to compare. */
        MRN_ONLY,
        /** The MRN exists but the page's name or birth date belongs to someone else. */
        CONTRADICTS,
        /** The registry has no such MRN. */
        UNKNOWN_MRN
    }

    /**
     * @param mrn     the MRN that was checked
     * @param patient the registry's active record for it (the surviving one if that MRN was merged), or null
     * @param reasons what disagreed, or notes a reviewer may want (a merge, a nearly equal name), in words
     */
    public record Verdict(Agreement agreement, String mrn, Patient patient, List<String> reasons) {
        public Verdict {
            reasons = List.copyOf(reasons);
        }

        public boolean needsReview() {
            return agreement == Agreement.CONTRADICTS || agreement == Agreement.UNKNOWN_MRN;
        }

        /** The MRN to file under when {@link #mrn} was retired by a merge. */
        public Optional<String> survivingMrn() {
            return patient != null && !patient.mrn().equals(mrn) ? Optional.of(patient.mrn()) : Optional.empty();
        }
    }

    private final PatientRegistry registry;

    public RegistryCheck(PatientRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Compares {@code name} and {@code birthDate} (either may be null) with the registry's record of {@code mrn}. */
    public Verdict check(String mrn, String name, LocalDate birthDate) throws IOException {
        Objects.requireNonNull(mrn, "mrn");
        Optional<Patient> found = registry.current(mrn);
        if (found.isEmpty()) return new Verdict(Agreement.UNKNOWN_MRN, mrn, null, List.of("MRN " + mrn + " is not in the patient registry."));
        Patient patient = found.get();
        List<String> reasons = new ArrayList<>();
        if (!patient.mrn().equals(mrn)) reasons.add("MRN " + mrn + " was merged into " + patient.mrn() + ".");
        boolean compared = false, contradicted = false;
        Optional<PersonName> seen = PersonName.parse(name);
        if (seen.isPresent()) {
            compared = true;
            PersonName.Comparison c = patient.name().compare(seen.get());
            if (c.agreement() == PersonName.Agreement.DIFFERENT) {
                contradicted = true;
                reasons.add("The name on the document, " + name.strip() + ", is not the registry's " + patient.displayName()
                        + " for MRN " + patient.mrn() + " (" + c.reason() + ").");
            } else if (c.agreement() == PersonName.Agreement.LIKELY) {
                reasons.add("The name on the document, " + name.strip() + ", nearly matches the registry's "
                        + patient.displayName() + ": " + c.reason() + ".");
            }
        }
        if (birthDate != null && patient.birthDate() != null) {
            compared = true;
            if (!birthDate.equals(patient.birthDate())) {
                if (swapped(birthDate, patient.birthDate())) {
                    reasons.add("The birth date on the document, " + birthDate + ", is the registry's " + patient.birthDate()
                            + " with day and month swapped.");
                } else {
                    contradicted = true;
                    reasons.add("The birth date on the document, " + birthDate + ", is not the registry's "
                            + patient.birthDate() + " for MRN " + patient.mrn() + ".");
                }
            }
        }
        Agreement agreement = contradicted ? Agreement.CONTRADICTS : compared ? Agreement.AGREES : Agreement.MRN_ONLY;
        return new Verdict(agreement, mrn, patient, reasons);
    }

    /**
     * Among the MRNs read from a document, the one the registry backs: the only one that exists and agrees with
     * the name and birth date on the page (a registry finding, confidence at least 0.9), or the only one that exists
     * at all (unchanged). Empty when the registry cannot tell them apart.
     */
    public Optional<Finding<String>> confirm(Candidates<String> mrns, String name, LocalDate birthDate) throws IOException {
        List<Finding<String>> agreeing = new ArrayList<>(), existing = new ArrayList<>();
        List<Verdict> verdicts = new ArrayList<>();
        for (Finding<String> f : mrns.findings()) {
            Verdict v = check(f.value(), name, birthDate);
            verdicts.add(v);
            if (v.agreement() == Agreement.AGREES) agreeing.add(f);
            if (v.agreement() != Agreement.UNKNOWN_MRN) existing.add(f);
        }
        if (agreeing.size() == 1) {
            Finding<String> f = agreeing.get(0);
            Patient p = verdicts.get(mrns.findings().indexOf(f)).patient();
            return Optional.of(new Finding<>(f.value(), Source.REGISTRY, Math.max(f.confidence(), 0.9),
                    "registry: " + p.displayName() + (p.birthDate() == null ? "" : " born " + p.birthDate())
                            + " agrees; " + f.evidence()));
        }
        if (agreeing.isEmpty() && existing.size() == 1) return Optional.of(existing.get(0));
        return Optional.empty();
    }

    /**
     * For a document with a name and birth date but no MRN: the MRN of the only active patient with that name
     * and birth date, as a registry finding (confidence 0.7: a person should still confirm it).
     */
    public Optional<Finding<String>> suggest(String name, LocalDate birthDate) throws IOException {
        if (name == null || birthDate == null) return Optional.empty();
        List<Patient> matches = registry.findByNameAndBirthDate(name, birthDate);
        if (matches.size() != 1) return Optional.empty();
        Patient p = matches.get(0);
        return Optional.of(new Finding<>(p.mrn(), Source.REGISTRY, 0.7,
                "the only registry patient named " + p.displayName() + " born " + birthDate));
    }

    private static boolean swapped(LocalDate a, LocalDate b) {
        return a.getYear() == b.getYear() && a.getMonthValue() == b.getDayOfMonth() && a.getDayOfMonth() == b.getMonthValue();
    }
}
