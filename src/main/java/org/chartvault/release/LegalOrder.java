package org.chartvault.release;

import java.time.LocalDate;

/**
 * The subpoena or court order a legal-process request rests on (45 CFR 164.512(e)), recorded as its legal basis.
 * Part 2 records go into proceedings only under a court order that makes the findings of 42 CFR 2.64
 * ({@code part2Findings}); a subpoena alone never releases them.
 *
 * @param kind          a subpoena (or discovery request), or an order of a court or administrative tribunal
 * @param issuedBy      the court, tribunal or attorney that issued it
 * @param reference     its case or docket number
 * @param issuedOn      its date
 * @param assurance     for a subpoena without a court order: the satisfactory assurance received (notice to the
 *                      patient or a qualified protective order, 164.512(e)(1)(ii))
 * @param part2Findings a court order that authorizes the disclosure of Part 2 records under §2.64
 */
public record LegalOrder(Kind kind, String issuedBy, String reference, LocalDate issuedOn, String assurance,
                         boolean part2Findings) {

    public enum Kind {
        SUBPOENA, COURT_ORDER;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Kind fromWire(String value) {
            for (Kind k : values()) if (k.wire().equalsIgnoreCase(value == null ? "" : value.strip())) return k;
            throw new InvalidReleaseException("bad-legal-order", "A legal order's 'kind' is 'subpoena' or 'court-order', not '" + value + "'.");
        }
    }

    public LegalOrder {
        if (kind == null) throw new InvalidReleaseException("bad-legal-order", "Say whether the legal order is a 'subpoena' or a 'court-order' (kind).");
        issuedBy = required(issuedBy, "who issued it (issuedBy: the court, tribunal or attorney)");
        reference = required(reference, "its case or docket number (reference)");
        if (issuedOn == null) throw new InvalidReleaseException("bad-legal-order", "The legal order needs its date (issuedOn).");
        assurance = assurance == null || assurance.isBlank() ? null : assurance.strip();
        if (kind == Kind.SUBPOENA && assurance == null) {
            throw new InvalidReleaseException("bad-legal-order", "A subpoena without a court order needs the satisfactory "
                    + "assurance received (assurance): notice to the patient or a qualified protective order (45 CFR 164.512(e)(1)(ii)).");
        }
        if (kind == Kind.SUBPOENA && part2Findings) {
            throw new InvalidReleaseException("bad-legal-order", "Only a court order can make the findings of 42 CFR 2.64; a subpoena cannot.");
        }
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) throw new InvalidReleaseException("bad-legal-order", "The legal order needs " + what + ".");
        String stripped = value.strip();
        if (stripped.length() > Authorization.MAX_REFERENCE) {
            throw new InvalidReleaseException("bad-legal-order", "A legal order's fields are at most " + Authorization.MAX_REFERENCE + " characters.");
        }
        return stripped;
    }

    /** One line for the cover sheet and the recorded legal basis. */
    public String describe() {
        return (kind == Kind.SUBPOENA ? "subpoena" : "court order") + " " + reference + " of " + issuedBy + ", " + issuedOn
                + (part2Findings ? ", with the findings of 42 CFR 2.64" : "");
    }
}
