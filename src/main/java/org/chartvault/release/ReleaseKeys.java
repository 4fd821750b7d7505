package org.chartvault.release;

import java.nio.charset.StandardCharsets;

/** Where release objects live in the store (see DESIGN.md, "Storage is the system of record"). */
final class ReleaseKeys {
    private ReleaseKeys() {
    }

    static final String RELEASES = "releases/";
    /** Per patient, so the accounting reads one folder instead of every release ever made. */
    static final String DISCLOSURES = "disclosures/";
    /** Administrator-edited lists, one object each. */
    static final String SENSITIVE_CATEGORIES = "settings/sensitive-categories.json";
    static final String SETTINGS = "settings/release.json";

    static String release(String releaseId) {
        return RELEASES + releaseId + "/release.json";
    }

    /** The uploaded signed authorization, bytes as received. */
    static String authorization(String releaseId) {
        return RELEASES + releaseId + "/authorization";
    }

    /** The packet exactly as handed out; its hash is in the release record. */
    static String packet(String releaseId) {
        return RELEASES + releaseId + "/packet.pdf";
    }

    /** A letter produced for the request, as sent. */
    static String letter(String releaseId, String letterId) {
        return RELEASES + releaseId + "/letters/" + letterId + ".pdf";
    }

    /** The letter templates an administrator edits. */
    static final String LETTER_TEMPLATES = "settings/letter-templates.json";

    static String disclosures(String mrn) {
        return DISCLOSURES + folderOf(mrn) + "/";
    }

    static String disclosure(String mrn, String releaseId) {
        return disclosures(mrn) + releaseId + ".json";
    }

    /**
     * An MRN as one key segment: letters, digits, '-' and '.' as they are (so the usual MRN reads as itself),
     * every other byte as %XX, so no MRN can add a folder level or clash with another.
     */
    static String folderOf(String mrn) {
        StringBuilder out = new StringBuilder();
        for (byte b : mrn.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
