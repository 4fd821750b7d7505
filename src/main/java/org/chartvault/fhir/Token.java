package org.chartvault.fhir;

/**
 * A FHIR token search value: {@code system|code}, {@code |code} (no system) or {@code code} (any system).
 *
 * @param system the system named, "" for an explicitly empty one, or null when any system will do
 */
record Token(String system, String code) {

    static Token parse(String parameter, String raw) {
        String value = raw == null ? "" : raw.strip();
        int bar = value.indexOf('|');
        Token token = bar < 0 ? new Token(null, value) : new Token(value.substring(0, bar).strip(), value.substring(bar + 1).strip());
        if (token.code.isEmpty()) {
            throw FhirException.badRequest(parameter + " needs a value" + (bar >= 0 ? " after the '|' (system|value)" : "") + ".");
        }
        return token;
    }

    /** True when this token may name a value of {@code ourSystem}; a bare value or an empty system is accepted. */
    boolean allowsSystem(String ourSystem) {
        return system == null || system.isEmpty() || system.equals(ourSystem);
    }
}
