package org.chartvault.hold;

/**
 * The custodian of the produced records: the hospital (named in the load files' CUSTODIAN field) and the person who
 * certifies the production under FRE 902(11) (usually the HIM director). The hospital comes from
 * {@code CHARTVAULT_HOSPITAL_NAME}, the person from {@code CHARTVAULT_CUSTODIAN_NAME} and {@code _TITLE}; a production
 * request may name another person. An unnamed person leaves a blank line on the certification to be filled in by hand.
 */
public record Custodian(String organization, String name, String title) {
    static final int MAX = 200;

    public Custodian {
        organization = clean(organization, "the hospital's name");
        name = clean(name, "the custodian's name");
        title = clean(title, "the custodian's title");
        if (organization == null) organization = "the hospital";
    }

    /** This custodian, with the person named in a request when one is. */
    Custodian withPerson(String otherName, String otherTitle) {
        if (otherName == null && otherTitle == null) return this;
        return new Custodian(organization, otherName != null ? otherName : name, otherTitle != null ? otherTitle : title);
    }

    private static String clean(String value, String what) {
        if (value == null || value.isBlank()) return null;
        String s = value.strip();
        if (s.length() > MAX || s.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " must be one line of at most " + MAX + " characters.");
        }
        return s;
    }
}
