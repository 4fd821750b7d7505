package org.chartvault.release;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

/**
 * A health oversight agency's or law enforcement official's statement that giving the patient an accounting of the
 * disclosures made to it would be reasonably likely to impede its activities (45 CFR 164.528(a)(2)). From the
 * statement's date to {@code until}, the accounting leaves out the disclosures to that recipient; afterwards they are
 * listed again. A written statement gives its own end; an oral one suspends for at most 30 days unless a written
 * statement follows (164.528(a)(2)(ii)).
 *
 * @param recipient the agency or official, as the disclosures name it (matched on the recipient's name or organization)
 * @param agency    health oversight or law enforcement: no one else may suspend the right
 * @param statement written or oral
 * @param statedBy  who made the statement (the official's name and title), as 164.528(a)(2)(ii)(A) asks to document
 */
public record AccountingSuspension(String suspensionId, String mrn, String recipient, Agency agency, Statement statement,
                                   String statedBy, LocalDate statedOn, LocalDate until, String reason,
                                   String recordedBy, Instant recordedAt) {
    /** Id prefix ({@code sus_...}). */
    public static final String ID_PREFIX = "sus";
    /** An oral statement suspends for no longer than this many days from the day it was made. */
    public static final int ORAL_DAYS = 30;

    public enum Agency {
        HEALTH_OVERSIGHT, LAW_ENFORCEMENT;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Agency fromWire(String value) {
            for (Agency a : values()) if (a.wire().equalsIgnoreCase(value == null ? "" : value.strip())) return a;
            throw new InvalidReleaseException("bad-suspension", "'agency' is 'health-oversight' or 'law-enforcement' "
                    + "(45 CFR 164.528(a)(2)), not '" + value + "'.");
        }
    }

    public enum Statement {
        WRITTEN, ORAL;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Statement fromWire(String value) {
            for (Statement s : values()) if (s.wire().equalsIgnoreCase(value == null ? "" : value.strip())) return s;
            throw new InvalidReleaseException("bad-suspension", "'statement' is 'written' or 'oral', not '" + value + "'.");
        }
    }

    /** Whether the suspension is in force on {@code day}. */
    public boolean inForceOn(LocalDate day) {
        return !day.isBefore(statedOn) && !day.isAfter(until);
    }

    /** Whether it covers the disclosure: one made to its recipient. */
    public boolean covers(Disclosure disclosure) {
        Requester to = disclosure.requester();
        if (to == null) return false;
        String wanted = normal(recipient);
        return wanted.equals(normal(to.organisation())) || wanted.equals(normal(to.name())) || wanted.equals(normal(to.display()));
    }

    /** The same suspension recorded under the surviving MRN of a merge. */
    AccountingSuspension movedTo(String survivingMrn) {
        return new AccountingSuspension(suspensionId, survivingMrn, recipient, agency, statement, statedBy, statedOn, until,
                reason, recordedBy, recordedAt);
    }

    static String normal(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
