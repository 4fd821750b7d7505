package org.chartvault;

/**
 * A request ChartVault turns down, and what kind of refusal it is. The capabilities' exceptions implement it, so
 * that the one place that speaks HTTP ({@code org.chartvault.http.HttpApi}) answers every refusal alike and no
 * controller translates exceptions itself. The message is a sentence for the person who asked.
 */
public interface Refusal {

    enum Kind {
        /** The request is wrong in itself: a missing or malformed value. */
        INVALID,
        /** Who is asking could not be established. */
        NOT_SIGNED_IN,
        /** The caller may not do this. */
        FORBIDDEN,
        /** What the request names does not exist (or is not the caller's to know of). */
        NOT_FOUND,
        /** The request is sound but the state of the record forbids it now: on hold, already done, changed since. */
        CONFLICT
    }

    Kind kind();

    /** A short machine-readable reason clients match on (see API-CONTRACT.md), e.g. {@code on-hold}. */
    String code();

    String getMessage();

    /** A value the caller typed, as a refusal may quote it: control characters shown as '?', at most 60 characters. */
    static String quoted(String value) {
        if (value == null) return "";
        String shown = value.replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 60 ? shown.substring(0, 60) + "…" : shown;
    }
}
