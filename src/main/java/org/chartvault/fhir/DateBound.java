package org.chartvault.fhir;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * One FHIR date search value such as {@code ge2020-01-01}: a prefix and a value whose precision (year, month,
 * day or a time) makes it a range of days. A document's date is a day, so the comparisons are on days.
 */
record DateBound(String prefix, LocalDate first, LocalDate last) {
    private static final java.util.List<String> PREFIXES = java.util.List.of("eq", "gt", "lt", "ge", "le");

    static DateBound parse(String raw, ZoneId zone) {
        String value = raw == null ? "" : raw.strip();
        String prefix = "eq";
        if (value.length() > 2 && Character.isLetter(value.charAt(0))) {
            prefix = value.substring(0, 2).toLowerCase(Locale.ROOT);
            value = value.substring(2);
            if (!PREFIXES.contains(prefix)) {
                throw FhirException.badRequest("date supports the prefixes eq, gt, lt, ge and le, not '" + FhirJson.clip(prefix) + "'.");
            }
        }
        try {
            if (value.matches("\\d{4}")) {
                int year = Integer.parseInt(value);
                return new DateBound(prefix, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
            }
            if (value.matches("\\d{4}-\\d{2}")) {
                YearMonth month = YearMonth.parse(value);
                return new DateBound(prefix, month.atDay(1), month.atEndOfMonth());
            }
            if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                LocalDate day = LocalDate.parse(value);
                return new DateBound(prefix, day, day);
            }
            LocalDate day = OffsetDateTime.parse(value).atZoneSameInstant(zone).toLocalDate();
            return new DateBound(prefix, day, day);
        } catch (DateTimeParseException e) {
            throw FhirException.badRequest("date must be a FHIR date such as ge2020-01-31, 2020-01 or 2020, not '"
                    + FhirJson.clip(raw) + "'.");
        }
    }

    boolean matches(LocalDate day) {
        return switch (prefix) {
            case "gt" -> day.isAfter(last);
            case "lt" -> day.isBefore(first);
            case "ge" -> !day.isBefore(first);
            case "le" -> !day.isAfter(last);
            default -> !day.isBefore(first) && !day.isAfter(last);
        };
    }
}
