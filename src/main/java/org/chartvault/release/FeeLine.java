package org.chartvault.release;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** One charge on a request's fee: what it is for, in words, and the amount in US dollars. */
public record FeeLine(Kind kind, String description, BigDecimal amount) {
    /** What a charge is for; a patient's right of access allows only some of them (164.524(c)(4)). */
    public enum Kind {
        /** Labor for copying (or for making the electronic copy): allowed under the right of access. */
        LABOR(true),
        /** Paper, CDs or USB drives: allowed under the right of access. */
        SUPPLIES(true),
        /** Mailing the copy: allowed under the right of access. */
        POSTAGE(true),
        /** HHS's flat fee for an electronic copy, in place of the cost-based fee. */
        FLAT_ELECTRONIC(true),
        /** A third party's base fee of the state schedule. */
        BASE_FEE(false),
        /** A third party's per-page charge of the state schedule. */
        PER_PAGE(false),
        /** Searching for the records: never for a patient (HHS guidance on 164.524(c)(4)). */
        SEARCH(false),
        /** Retrieving the records: never for a patient (HHS guidance on 164.524(c)(4)). */
        RETRIEVAL(false),
        /** Anything else a third party's schedule allows (e.g. certification). */
        OTHER(false);

        private final boolean allowedForPatient;

        Kind(boolean allowedForPatient) {
            this.allowedForPatient = allowedForPatient;
        }

        public boolean allowedForPatient() {
            return allowedForPatient;
        }

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @JsonCreator
        public static Kind fromWire(String value) {
            String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
            if (wanted.equals("labour")) wanted = "labor";
            String w = wanted;
            return Arrays.stream(values()).filter(k -> k.wire().equals(w)).findFirst()
                    .orElseThrow(() -> new InvalidReleaseException("bad-fee", "'" + value + "' is not a kind of charge; use "
                            + Arrays.stream(values()).map(Kind::wire).collect(Collectors.joining(", ")) + "."));
        }
    }

    public FeeLine {
        if (kind == null) throw new InvalidReleaseException("bad-fee", "Each charge needs its 'kind' (labor, supplies, postage, …).");
        description = description == null || description.isBlank() ? kind.wire() : description.strip();
        if (description.length() > 200) throw new InvalidReleaseException("bad-fee", "A charge's description is at most 200 characters.");
        amount = dollars(amount, "A charge");
    }

    /** An amount in dollars and cents, not negative, below a million. */
    static BigDecimal dollars(BigDecimal amount, String what) {
        if (amount == null) throw new InvalidReleaseException("bad-fee", what + " needs its 'amount' in dollars, e.g. 6.50.");
        if (amount.signum() < 0 || amount.compareTo(BigDecimal.valueOf(1_000_000)) >= 0) {
            throw new InvalidReleaseException("bad-fee", what + " must be an amount from 0 to 999999.99 dollars, not " + amount.toPlainString() + ".");
        }
        if (amount.stripTrailingZeros().scale() > 2) {
            throw new InvalidReleaseException("bad-fee", what + " is in dollars and cents: " + amount.toPlainString() + " has more than two decimals.");
        }
        return amount.setScale(2, RoundingMode.UNNECESSARY);
    }
}
