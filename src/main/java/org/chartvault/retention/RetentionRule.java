package org.chartvault.retention;

import org.chartvault.document.Indexing;

import java.time.LocalDate;
import java.time.Period;

/**
 * How long one kind of record is kept, as HIM writes it: "{@code yearsAfterService} years after the date of service";
 * and, when {@code yearsAfterMajority} is set, "for a patient who was a minor at the date of service, until the age of
 * {@code ageOfMajority} plus {@code yearsAfterMajority} years, if that is later".
 *
 * @param documentType the document type it applies to (compared ignoring case); null for the default rule
 */
public record RetentionRule(String documentType, Integer yearsAfterService, Integer ageOfMajority,
                            Integer yearsAfterMajority) {
    /** Usual age of majority in the US. */
    public static final int DEFAULT_AGE_OF_MAJORITY = 18;
    /** No HIM schedule keeps a record longer than a lifetime; a larger number is a typing mistake. */
    static final int MAX_YEARS = 150;

    public RetentionRule {
        documentType = documentType == null || documentType.isBlank() ? null : documentType.strip();
        if (yearsAfterService == null) {
            throw new IllegalArgumentException("Every rule needs yearsAfterService (years kept after the date of service).");
        }
        if (yearsAfterService < 0 || yearsAfterService > MAX_YEARS) {
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
        String adult = yearsAfterService + " year" + (yearsAfterService == 1 ? "" : "s") + " after the date of service";
        if (yearsAfterMajority == null) return adult;
        return adult + "; for a patient under " + ageOfMajority + " at the date of service, until age " + ageOfMajority
                + " plus " + yearsAfterMajority + " year" + (yearsAfterMajority == 1 ? "" : "s") + " if that is later";
    }

    /** Until when a document with these values is kept, and why; {@code retainUntil} is null without a service date. */
    public record Decision(LocalDate retainUntil, String reason) {
    }

    /**
     * The last day the document must be kept. A patient whose birth date is unknown is treated as if born on the date
     * of service (the latest the minors' clause could reach), so an unknown birth date never shortens retention.
     */
    public Decision decide(Indexing indexing) {
        LocalDate service = indexing.serviceDate();
        if (service == null) return new Decision(null, "no date of service is recorded");
        LocalDate afterService = service.plusYears(yearsAfterService);
        if (yearsAfterMajority == null) return new Decision(afterService, describe());
        LocalDate born = indexing.birthDate();
        if (born == null) {
            LocalDate latest = later(afterService, service.plusYears(ageOfMajority + yearsAfterMajority));
            return new Decision(latest, describe() + " (birth date unknown: kept as if born on the date of service)");
        }
        boolean minor = born.isAfter(service) || Period.between(born, service).getYears() < ageOfMajority;
        if (!minor) return new Decision(afterService, describe());
        LocalDate untilMajority = born.plusYears(ageOfMajority + yearsAfterMajority);
        return new Decision(later(afterService, untilMajority), describe() + " (a minor at the date of service, born " + born + ")");
    }

    boolean appliesTo(String type) {
        return documentType != null && type != null && documentType.equalsIgnoreCase(type.strip());
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
