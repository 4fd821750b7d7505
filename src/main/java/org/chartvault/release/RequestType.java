package org.chartvault.release;

import java.util.List;
import java.util.Objects;

/**
 * A kind of release-of-information request and the rules that come with it: what the hospital needs on file before
 * anything leaves, how many days it has to answer, which fee rule prices it, and whether the disclosure belongs in
 * the patient's accounting of disclosures (45 CFR 164.528 exempts some). Administrators may change every rule
 * ({@code PUT /api/release-settings} with {@code requestTypes}); {@link #DEFAULTS} are the federal rules.
 *
 * @param type       the id requests name it by, e.g. {@code right-of-access}
 * @param name       how the Releases screen names it
 * @param regulation where the rule comes from, printed on the cover sheet as the legal basis
 * @param needs      what must be on file before release
 * @param dueDays    days from receipt to the due date (a state law may shorten a federal 30)
 * @param feeRule    the name of the fee rule that prices the request (the fee schedules hang off this name)
 * @param accounted  whether its disclosures are listed in the accounting the patient receives
 */
public record RequestType(String type, String name, String regulation, Needs needs, int dueDays, String feeRule,
                          boolean accounted) {

    /** What a request of a type needs on file before its records leave. */
    public enum Needs {
        /** Nothing beyond the request (treatment, public health, a patient asking for their own records). */
        NOTHING,
        /** The patient's authorization with every 164.508(c) element (a Part 2 consent for Part 2 records). */
        AUTHORIZATION,
        /** The subpoena or court order (164.512(e)); Part 2 records also need a §2.64 court order. */
        LEGAL_PROCESS;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Needs fromWire(String value) {
            for (Needs n : values()) if (n.wire().equalsIgnoreCase(value == null ? "" : value.strip())) return n;
            throw new InvalidReleaseException("bad-settings", "A request type needs 'nothing', 'authorization' or "
                    + "'legal-process', not '" + value + "'.");
        }
    }

    /** The patient asking for their own records, or for a copy sent to someone they name (164.524(c)(3)(ii)). */
    public static final String RIGHT_OF_ACCESS = "right-of-access";
    public static final String THIRD_PARTY = "third-party-authorization";
    public static final String TREATMENT_PAYMENT_OPERATIONS = "treatment-payment-operations";
    public static final String LEGAL_PROCESS = "legal-process";
    public static final String PUBLIC_HEALTH = "public-health";
    public static final String LAW_ENFORCEMENT = "law-enforcement";
    public static final String OTHER_512 = "other-164-512";
    /**
     * A request logged through the API without a type (before types existed): the rules ChartVault had then (a third
     * party relying on an authorization needs the signed form on file), recorded as "not stated" and accounted.
     */
    public static final String NOT_STATED = "not-stated";

    /** The federal rules. Accounting: 164.528(a)(1) exempts disclosures to the patient, for TPO and under an authorization. */
    public static final List<RequestType> DEFAULTS = List.of(
            new RequestType(RIGHT_OF_ACCESS, "Patient's right of access (incl. a copy to a person the patient names)",
                    "45 CFR 164.524", Needs.NOTHING, 30, "patient-access", false),
            new RequestType(THIRD_PARTY, "Third party under the patient's authorization",
                    "45 CFR 164.508", Needs.AUTHORIZATION, 30, "third-party", false),
            new RequestType(TREATMENT_PAYMENT_OPERATIONS, "Treatment, payment or health care operations",
                    "45 CFR 164.506", Needs.NOTHING, 30, "none", false),
            new RequestType(LEGAL_PROCESS, "Legal process (subpoena or court order)",
                    "45 CFR 164.512(e)", Needs.LEGAL_PROCESS, 30, "third-party", true),
            new RequestType(PUBLIC_HEALTH, "Public health", "45 CFR 164.512(b)", Needs.NOTHING, 30, "none", true),
            new RequestType(LAW_ENFORCEMENT, "Law enforcement", "45 CFR 164.512(f)", Needs.NOTHING, 30, "none", true),
            new RequestType(OTHER_512, "Other disclosure required or permitted by 164.512",
                    "45 CFR 164.512", Needs.NOTHING, 30, "none", true),
            new RequestType(NOT_STATED, "Not stated (logged without a request type)",
                    "none stated", Needs.NOTHING, 30, "third-party", true));

    public RequestType {
        Objects.requireNonNull(type, "type");
        if (!type.matches("[a-z0-9-]{1,40}")) {
            throw new InvalidReleaseException("bad-settings", "A request type's id is up to 40 lower-case letters, digits and '-'.");
        }
        if (name == null || name.isBlank()) name = type;
        if (regulation == null || regulation.isBlank()) {
            throw new InvalidReleaseException("bad-settings", "Request type " + type + " needs the regulation it rests on.");
        }
        if (needs == null) needs = Needs.NOTHING;
        if (dueDays < 1 || dueDays > 365) {
            throw new InvalidReleaseException("bad-settings", "Request type " + type + ": dueDays must be between 1 and 365, not " + dueDays + ".");
        }
        feeRule = feeRule == null || feeRule.isBlank() ? "none" : feeRule.strip();
    }

    /** The legal basis as recorded on the release and printed on the cover sheet. */
    public String legalBasis() {
        return name + " (" + regulation + ")";
    }
}
