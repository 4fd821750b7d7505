package org.chartvault.release;

/**
 * Who asked for the records and where they go: a person, an organization (law firm, insurer, another provider)
 * or both, and the address the packet is sent to.
 */
public record Requester(String name, String organisation, String address) {
    /** Longest name or organisation kept: a cover sheet line, not a letter. */
    public static final int MAX_NAME = 200;
    /** Longest postal address kept. */
    public static final int MAX_ADDRESS = 500;

    public Requester {
        name = clean(name, "name", MAX_NAME);
        organisation = clean(organisation, "organization", MAX_NAME);
        address = clean(address, "address", MAX_ADDRESS);
        if (name == null && organisation == null) {
            throw new InvalidReleaseException("bad-requester", "The requester needs a name or an organization.");
        }
    }

    /** The requester as one line, for lists and the accounting: "name, organisation", or whichever is known. */
    public String display() {
        if (name == null) return organisation;
        return organisation == null ? name : name + ", " + organisation;
    }

    private static String clean(String value, String field, int max) {
        if (value == null || value.isBlank()) return null;
        String stripped = value.strip();
        if (stripped.length() > max) {
            throw new InvalidReleaseException("bad-requester", "The requester's " + field + " is longer than " + max + " characters.");
        }
        return stripped;
    }
}
