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

    /** A request that is wrong in itself; {@link #code} says how. */
    interface Invalid extends Refusal {
        @Override
        default Kind kind() {
            return Kind.INVALID;
        }
    }

    /** The caller may not do this. */
    interface Forbidden extends Refusal {
        @Override
        default Kind kind() {
            return Kind.FORBIDDEN;
        }
    }

    /** What the request names does not exist. */
    interface NotFound extends Refusal {
        @Override
        default Kind kind() {
            return Kind.NOT_FOUND;
        }

        @Override
        default String code() {
            return "not-found";
        }
    }

    /** The record's state forbids the request now; {@link #code} says which state. */
    interface Conflict extends Refusal {
        @Override
        default Kind kind() {
            return Kind.CONFLICT;
        }
    }

    /** A value the caller typed, as a refusal may quote it: control characters shown as '?', at most 60 characters. */
    static String quoted(String value) {
        if (value == null) return "";
        String shown = value.replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 60 ? shown.substring(0, 60) + "…" : shown;
    }
}
