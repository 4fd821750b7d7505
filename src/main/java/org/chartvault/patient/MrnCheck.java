package org.chartvault.patient;

import org.chartvault.document.IndexingChange;
import org.chartvault.document.ReviewReason;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The one check of an MRN a person typed: in a correction, a legal hold, a separator sheet or a release request.
 * An MRN must have the form of the hospital's MRNs ({@code CHARTVAULT_MRN_PATTERN}) and, once the registry holds
 * patients, be one of them. One that is not is refused unless the person confirms it with a reason: a typo such as
 * "0081934" for "00819344" files a chart under nobody, or under somebody else.
 *
 * <p>While the registry is empty (no ADT feed or import yet) only the form is checked.
 */
public final class MrnCheck {
    /** Any MRN ChartVault can store: letters, digits and hyphens. A hospital sets its own, e.g. {@code \d{8}}. */
    public static final String DEFAULT_PATTERN = Patient.MRN_PATTERN;
    /** Long enough to say why, short enough for an audit entry and a review reason. */
    static final int MAX_REASON = 500;

    /** What is wrong with an MRN, with the error code the API answers. */
    public enum Problem {
        /** Not of the form of the hospital's MRNs. */
        FORMAT("mrn-format"),
        /** Of the right form, but the registry has no such patient. */
        NOT_IN_REGISTRY("mrn-not-in-registry");

        private final String code;

        Problem(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** A person's word that an unusual MRN is right, and why (the patient is not registered yet, an outside MRN …). */
    public record Confirmation(String reason) {
        public Confirmation {
            reason = reason == null ? null : reason.strip();
            if (reason == null || reason.length() < 3) {
                throw new IllegalArgumentException("Say in a few words why the MRN is right although it is unusual "
                        + "(confirmUnknownMrn.reason).");
            }
            if (reason.length() > MAX_REASON) {
                throw new IllegalArgumentException("The reason for keeping an unusual MRN is longer than " + MAX_REASON
                        + " characters.");
            }
        }
    }

    /**
     * What the check found.
     *
     * @param patient       the registry's active record (the surviving one when {@code mrn} was merged), or null
     * @param problem       null when the MRN may be used as it is
     * @param message       a sentence for the person who typed it (the problem, or a merge); null when there is nothing to say
     * @param registryEmpty no patient is registered yet, so only the form was checked
     */
    public record Result(String mrn, Patient patient, Problem problem, String message, boolean registryEmpty) {
        public boolean isAcceptable() {
            return problem == null;
        }

        /** The MRN to file under: the surviving one when {@link #mrn} was merged into another. */
        public String fileUnder() {
            return patient != null ? patient.mrn() : mrn;
        }

        /** What is unusual about the MRN, in one sentence without advice (for a review reason); null when nothing is. */
        public String finding() {
            if (problem == null) return null;
            return switch (problem) {
                case FORMAT -> "MRN " + shown(mrn) + " does not have the form of this hospital's MRNs.";
                case NOT_IN_REGISTRY -> "MRN " + mrn + " is not in the patient registry.";
            };
        }

        public Optional<String> name() {
            return Optional.ofNullable(patient).map(Patient::displayName);
        }

        public Optional<LocalDate> birthDate() {
            return Optional.ofNullable(patient).map(Patient::birthDate);
        }
    }

    /**
     * An MRN used although unusual, confirmed with a reason.
     *
     * @param result       what the check found
     * @param confirmation why it was kept; null when the MRN needed no confirmation
     */
    public record Accepted(Result result, Confirmation confirmation) {
        public boolean wasConfirmed() {
            return confirmation != null;
        }
    }

    private final PatientRegistry registry;
    private final Pattern pattern;

    public MrnCheck(PatientRegistry registry, String pattern) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.pattern = compile(pattern);
    }

    /** The configured pattern, checked at start so that a mistyped setting stops the service rather than every request. */
    public static Pattern compile(String pattern) {
        String p = pattern == null || pattern.isBlank() ? DEFAULT_PATTERN : pattern.strip();
        try {
            return Pattern.compile(p);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("CHARTVAULT_MRN_PATTERN must be a regular expression such as \\d{8}, not '"
                    + pattern + "': " + e.getDescription());
        }
    }

    public String pattern() {
        return pattern.pattern();
    }

    public Result check(String mrn) throws IOException {
        String typed = mrn == null ? "" : mrn.strip();
        boolean empty = registry.isEmpty();
        if (!pattern.matcher(typed).matches() || !typed.matches(Patient.MRN_PATTERN)) {
            return new Result(typed, null, Problem.FORMAT, "MRN " + shown(typed) + " does not have the form of this "
                    + "hospital's MRNs (" + pattern.pattern() + "); check it for a missing, extra or swapped character.", empty);
        }
        if (empty) return new Result(typed, null, null, null, true);
        Optional<Patient> current = registry.current(typed);
        if (current.isEmpty()) {
            return new Result(typed, null, Problem.NOT_IN_REGISTRY, "MRN " + typed + " is not in the patient registry; "
                    + "check it, or confirm it with a reason if the patient is not registered yet.", false);
        }
        Patient patient = current.get();
        String merged = patient.mrn().equals(typed) ? null : "MRN " + typed + " was merged into " + patient.mrn() + ".";
        return new Result(typed, patient, null, merged, false);
    }

    /**
     * The MRN checked, or {@link UnconfirmedMrnException} when it is unusual and not confirmed. A confirmation of an
     * MRN that needed none is ignored (and not recorded).
     */
    public Accepted require(String mrn, Confirmation confirmation) throws IOException {
        return requireAll(java.util.List.of(mrn), confirmation).getFirst();
    }

    /** Each of {@code mrns} checked; all refused together (one sentence each) when any is unusual and not confirmed. */
    public java.util.List<Accepted> requireAll(java.util.List<String> mrns, Confirmation confirmation) throws IOException {
        java.util.List<Accepted> accepted = new java.util.ArrayList<>();
        java.util.List<Result> refused = new java.util.ArrayList<>();
        for (String mrn : mrns) {
            Result result = check(mrn);
            if (result.isAcceptable()) accepted.add(new Accepted(result, null));
            else if (confirmation != null) accepted.add(new Accepted(result, confirmation));
            else refused.add(result);
        }
        if (!refused.isEmpty()) throw new UnconfirmedMrnException(refused);
        return accepted;
    }

    /**
     * A correction as it is filed: the MRN it names checked ({@link UnconfirmedMrnException} when it is unusual and
     * not confirmed); a registered patient's name and birth date brought along (see
     * {@link IndexingChange#filedUnder}); an unusual MRN kept on a person's word, with the reason the document stays
     * in review for. A change that names no MRN is filed as it is.
     */
    public Filing file(IndexingChange change, Confirmation confirmation) throws IOException {
        if (!change.fields().contains(IndexingChange.Field.MRN) || change.values().mrn() == null) {
            return new Filing(change, java.util.List.of(), java.util.List.of());
        }
        Accepted accepted = require(change.values().mrn(), confirmation);
        Result found = accepted.result();
        IndexingChange filed = found.patient() != null
                ? change.filedUnder(found.fileUnder(), found.name().orElse(null), found.birthDate().orElse(null))
                : change;
        java.util.List<ReviewReason> stillToReview = accepted.wasConfirmed()
                ? java.util.List.of(ReviewReason.about("mrn", ReviewReason.Kind.UNKNOWN_MRN_KEPT,
                        found.finding() + " Kept as typed: " + accepted.confirmation().reason()))
                : java.util.List.of();
        return new Filing(filed, stillToReview, java.util.List.of(accepted));
    }

    /**
     * @param change        what to write
     * @param stillToReview why the document must stay in review (an unusual MRN kept), or nothing
     * @param checked       the MRN checked, with the confirmation it was kept on (for the audit trail)
     */
    public record Filing(IndexingChange change, java.util.List<ReviewReason> stillToReview, java.util.List<Accepted> checked) {
    }

    private static String shown(String mrn) {
        if (mrn.isEmpty()) return "(empty)";
        if (mrn.matches(Patient.MRN_PATTERN)) return mrn;
        return "'" + (mrn.length() > 40 ? mrn.substring(0, 40) + "…" : mrn) + "'";
    }
}
