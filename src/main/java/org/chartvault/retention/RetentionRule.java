package org.chartvault.retention;

import org.chartvault.document.Indexing;

import java.time.LocalDate;
import java.time.Period;

/**
 * How long one kind of record is kept, as HIM writes it: "{@code yearsAfterService} years after the date of service"
 * (or, with {@code basis} {@code last-encounter}, "after the patient's most recent encounter or discharge", as AHIMA
 * and many state laws count hospital records); and, when {@code yearsAfterMajority} is set, "for a patient who was a
 * minor at the date of service, until the age of {@code ageOfMajority} plus {@code yearsAfterMajority} years, if that
 * is later". A {@code permanent} class (a master patient index, a register of births) is never destroyed.
 *
 * @param documentType the document type it applies to (compared ignoring case); null for the default rule
 * @param basis        {@link #SERVICE_DATE} (the default) or {@link #LAST_ENCOUNTER}: the latest date of service of
 *                     any of the patient's documents in the archive (a discharge summary's is the discharge)
 */
public record RetentionRule(String documentType, Integer yearsAfterService, Integer ageOfMajority,
                            Integer yearsAfterMajority, String basis, boolean permanent) {
    /** Usual age of majority in the US. */
    public static final int DEFAULT_AGE_OF_MAJORITY = 18;
    /** No HIM schedule keeps a record longer than a lifetime; a larger number is a typing mistake. */
    static final int MAX_YEARS = 150;
    public static final String SERVICE_DATE = "service-date", LAST_ENCOUNTER = "last-encounter";

    public RetentionRule(String documentType, Integer yearsAfterService, Integer ageOfMajority, Integer yearsAfterMajority) {
        this(documentType, yearsAfterService, ageOfMajority, yearsAfterMajority, SERVICE_DATE, false);
    }

    /** A class of records kept for good. */
    public static RetentionRule permanent(String documentType) {
        return new RetentionRule(documentType, null, null, null, SERVICE_DATE, true);
    }

    public RetentionRule {
        documentType = documentType == null || documentType.isBlank() ? null : documentType.strip();
        basis = basis == null || basis.isBlank() ? SERVICE_DATE : basis.strip();
        if (!basis.equals(SERVICE_DATE) && !basis.equals(LAST_ENCOUNTER)) {
            throw new IllegalArgumentException("basis is " + SERVICE_DATE + " or " + LAST_ENCOUNTER + ", not '" + basis + "'.");
        }
        if (permanent) {
            if (yearsAfterService != null || yearsAfterMajority != null) {
                throw new IllegalArgumentException("A permanent rule keeps its records for good; give it no years.");
            }
        } else if (yearsAfterService == null) {
            throw new IllegalArgumentException("Every rule needs yearsAfterService (years kept after the date of service), "
                    + "or \"permanent\": true.");
        }
        if (yearsAfterService != null && (yearsAfterService < 0 || yearsAfterService > MAX_YEARS)) {
            throw new IllegalArgumentException("yearsAfterService must be from 0 to " + MAX_YEARS + ", not " + yearsAfterService + ".");
        }
        if (yearsAfterMajority != null) {
            if (yearsAfterMajority < 0 || yearsAfterMajority > MAX_YEARS) {
                throw new IllegalArgumentException("yearsAfterMajority must be from 0 to " + MAX_YEARS + ".");
            }
            if (ageOfMajority == null) ageOfMajority = DEFAULT_AGE_OF_MAJORITY;
        }
        if (ageOfMajority != null && (ageOfMajority < 1 || ageOfMajority > 30)) {
            throw new IllegalArgumentException("ageOfMajority must be from 1 to 30, not " + ageOfMajority + ".");
        }
    }

    /** The rule in the words of a retention schedule. */
    public String describe() {
        if (permanent) return "kept permanently";
        String adult = yearsAfterService + " year" + (yearsAfterService == 1 ? "" : "s") + " after "
                + (basis.equals(LAST_ENCOUNTER) ? "the patient's most recent encounter or discharge" : "the date of service");
        if (yearsAfterMajority == null) return adult;
        return adult + "; for a patient under " + ageOfMajority + " at the date of service, until age " + ageOfMajority
                + " plus " + yearsAfterMajority + " year" + (yearsAfterMajority == 1 ? "" : "s") + " if that is later";
    }

    /**
     * Until when a document with these values is kept, and why; {@code retainUntil} is null without a date of service,
     * and for a permanent record ({@code permanent} true).
     */
    public record Decision(LocalDate retainUntil, String reason, boolean permanent) {
        public Decision(LocalDate retainUntil, String reason) {
            this(retainUntil, reason, false);
        }
    }

    /** As {@link #decide(Indexing, LocalDate)} for a patient with no later encounter than this document. */
    public Decision decide(Indexing indexing) {
        return decide(indexing, null);
    }

    /**
     * The last day the document must be kept. A patient whose birth date is unknown is treated as if born on the date
     * of service (the latest the minors' clause could reach), so an unknown birth date never shortens retention.
     *
     * @param lastEncounter the latest date of service of the patient's documents (null when unknown); used by a rule
     *                      counted from the last encounter, and never earlier than the document's own date
     */
    public Decision decide(Indexing indexing, LocalDate lastEncounter) {
        if (permanent) return new Decision(null, describe(), true);
        LocalDate service = indexing.serviceDate();
        if (service == null) return new Decision(null, "no date of service is recorded");
        LocalDate from = service;
        String counted = "";
        if (basis.equals(LAST_ENCOUNTER) && lastEncounter != null && lastEncounter.isAfter(service)) {
            from = lastEncounter;
            counted = " (most recent encounter " + lastEncounter + ")";
        }
        LocalDate afterService = from.plusYears(yearsAfterService);
        if (yearsAfterMajority == null) return new Decision(afterService, describe() + counted);
        LocalDate born = indexing.birthDate();
        if (born == null) {
            LocalDate latest = later(afterService, service.plusYears(ageOfMajority + yearsAfterMajority));
            return new Decision(latest, describe() + counted + " (birth date unknown: kept as if born on the date of service)");
        }
        boolean minor = born.isAfter(service) || Period.between(born, service).getYears() < ageOfMajority;
        if (!minor) return new Decision(afterService, describe() + counted);
        LocalDate untilMajority = born.plusYears(ageOfMajority + yearsAfterMajority);
        return new Decision(later(afterService, untilMajority), describe() + counted + " (a minor at the date of service, born " + born + ")");
    }

    boolean appliesTo(String type) {
        return documentType != null && type != null && documentType.equalsIgnoreCase(type.strip());
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
