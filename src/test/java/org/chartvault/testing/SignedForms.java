package org.chartvault.testing;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Authorizations as a clerk types them in from a complete signed form: every 164.508(c) element and statement. */
public final class SignedForms {
    private SignedForms() {
    }

    /** A complete HIPAA authorization signed today, valid a year, with the scope given ({@code key, value, ...}). */
    public static Map<String, Object> authorization(Object... scope) {
        Map<String, Object> form = new HashMap<>();
        form.put("kind", "hipaa");
        form.put("description", "Records named on the form");
        form.put("discloser", "Northgate Community Hospital");
        form.put("recipient", "The requester named on the form");
        form.put("purpose", "At the request of the individual");
        form.put("signedBy", "The patient");
        form.put("signedOn", LocalDate.now().toString());
        form.put("expires", LocalDate.now().plusYears(1).toString());
        form.put("statements", Map.of("rightToRevoke", true, "treatmentNotConditioned", true, "redisclosure", true));
        for (int i = 0; i + 1 < scope.length; i += 2) form.put((String) scope[i], scope[i + 1]);
        return form;
    }

    /** A complete Part 2 consent (42 CFR 2.31) naming Part 2 records. */
    public static Map<String, Object> part2Consent(String patientName, Object... scope) {
        Map<String, Object> form = authorization(scope);
        form.put("kind", "part2-consent");
        form.put("patientName", patientName);
        form.put("discloser", "Northgate Community Hospital substance use disorder program");
        form.putIfAbsent("sensitiveCategories", List.of("42 CFR Part 2"));
        return form;
    }

    /** A complete psychotherapy-notes authorization, naming psychotherapy notes and nothing else. */
    public static Map<String, Object> psychotherapyNotes(Object... scope) {
        Map<String, Object> form = authorization(scope);
        form.put("kind", "psychotherapy-notes");
        form.putIfAbsent("sensitiveCategories", List.of("psychotherapy notes"));
        return form;
    }
}
