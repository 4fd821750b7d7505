package org.chartvault.http;

import io.javalin.http.Context;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Reading request parameters with a clear 400 when one is malformed. */
final class Params {
    private Params() {
    }

    /** A path identifier of the given kind; anything else is answered as unknown without touching storage. */
    static String id(Context ctx, String name, String prefix, String what) {
        String id = ctx.pathParam(name);
        if (!org.chartvault.Ids.looksLike(prefix, id)) throw ApiError.notFound("No " + what + " " + clip(id) + " exists.");
        return id;
    }

    static int positiveInt(Context ctx, String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) return n;
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiError.badRequest(name + " must be a whole number from 1, not '" + clip(value) + "'.");
    }

    static int queryInt(Context ctx, String name, int fallback, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) return fallback;
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiError.badRequest(name + " must be a whole number between " + min + " and " + max + ".");
    }

    static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(name + " must be a date written YYYY-MM-DD, not '" + clip(value) + "'.");
        }
    }

    static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** An MRN the caller sent, in the form any stored MRN has; refused with a sentence when it is not. */
    static String mrn(String value) {
        if (value == null || !value.matches(org.chartvault.patient.Patient.MRN_PATTERN)) {
            throw ApiError.badRequest("An MRN is 1-20 letters, digits or hyphens.");
        }
        return value;
    }

    static String clip(String value) {
        return org.chartvault.Refusal.quoted(value);
    }
}
