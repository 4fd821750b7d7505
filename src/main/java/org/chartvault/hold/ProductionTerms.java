package org.chartvault.hold;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * What a production is made for and under what right, given when it is requested: who receives it (a party to the
 * matter or not: HHS counts a production to a non-party as a disclosure the patient's accounting must list), how and
 * when it is delivered, the legal basis for each specially protected category it may include, and who certifies it.
 *
 * @param protectedRecords the categories (psychotherapy notes, 42 CFR Part 2...) this production may include, each with
 *                         its legal basis; a protected record of any other category is left out and listed as withheld
 * @param custodian        who certifies the records (FRE 902(11)); the configured custodian when null
 */
public record ProductionTerms(Recipient recipient, Delivery delivery, List<ProtectedRecords> protectedRecords,
                              Custodian custodian) {
    static final int MAX_TEXT = 500;
    public static final ProductionTerms NONE = new ProductionTerms(null, null, List.of(), null);

    public ProductionTerms {
        protectedRecords = protectedRecords == null ? List.of() : List.copyOf(protectedRecords);
    }

    /**
     * Who receives the production.
     *
     * @param party true when the recipient is a party to the matter (or its counsel): such a production is not listed
     *              in the patient's accounting; a non-party's (a subpoena from a third party) is
     */
    public record Recipient(String name, String organization, String address, boolean party) {
        public Recipient {
            name = text(name, "recipient's name");
            organization = text(organization, "recipient's organization");
            address = text(address, "recipient's address");
            if (name == null && organization == null) {
                throw new IllegalArgumentException("The recipient needs a name or an organization.");
            }
        }

        public String display() {
            if (name == null) return organization;
            return organization == null ? name : name + ", " + organization;
        }
    }

    /** How and on what day the production goes to the recipient (secure file transfer, courier, encrypted drive…). */
    public record Delivery(String method, LocalDate date) {
        public Delivery {
            method = text(method, "delivery method");
            if (method == null) throw new IllegalArgumentException("The delivery needs its method (e.g. secure file transfer).");
        }
    }

    /**
     * The legal basis under which records of one protected category may be produced.
     *
     * @param category  the category as {@code GET /api/sensitive-categories} names it (id, name or alias)
     * @param basis     {@code court-order} (for Part 2 records: an order under 42 CFR 2.64 with its findings),
     *                  {@code consent} (the patient's Part 2 consent, 42 CFR 2.31) or {@code authorization} (the
     *                  patient's HIPAA authorization, 45 CFR 164.508, for psychotherapy notes and other categories)
     * @param reference which order, consent or authorization (court, date, docket; or the form's date and signer)
     */
    public record ProtectedRecords(String category, String basis, String reference) {
        public static final List<String> BASES = List.of("court-order", "consent", "authorization");

        public ProtectedRecords {
            category = text(category, "protected category");
            if (category == null) throw new IllegalArgumentException("Each protectedRecords entry names its category.");
            basis = basis == null ? null : basis.strip().toLowerCase(Locale.ROOT);
            if (!BASES.contains(basis)) {
                throw new IllegalArgumentException("The basis for producing " + category + " is one of "
                        + String.join(", ", BASES) + ".");
            }
            reference = text(reference, "basis reference");
            if (reference == null) {
                throw new IllegalArgumentException("Name the " + basis + " that allows producing " + category
                        + " (reference: court, date and docket number, or the signed form).");
            }
        }

        /** Whether this basis may open a category: Part 2 records need a court order or the patient's Part 2 consent. */
        boolean allows(boolean part2) {
            return part2 ? !basis.equals("authorization") : !basis.equals("consent");
        }

        public String describe() {
            return switch (basis) {
                case "court-order" -> "court order (" + reference + ")";
                case "consent" -> "patient's consent under 42 CFR 2.31 (" + reference + ")";
                default -> "patient's authorization under 45 CFR 164.508 (" + reference + ")";
            };
        }
    }

    static String text(String value, String what) {
        if (value == null || value.isBlank()) return null;
        String s = value.strip();
        if (s.length() > MAX_TEXT) throw new IllegalArgumentException("The " + what + " is longer than " + MAX_TEXT + " characters.");
        return s;
    }
}
