package org.chartvault.capture;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as charts print them, read from the start of a field's value: 01/05/2024, 1/5/24, 2024-01-05,
 * 01-05-2024, 01.05.2024, 20240105, January 5, 2024, Jan. 5 2024, 5 January 2024. Numeric dates are US order
 * (month first); a first number above 12 is read day first, with less confidence. Letters OCR puts for digits
 * (O, l, I, S) are taken back, also with less confidence.
 */
final class DateReading {

    /** A date read and how much to trust the reading (0..1, multiplied into the label's confidence). */
    record Read(LocalDate date, double trust, String text) {
    }

    /** Birth dates lie in the past; dates of service may be scheduled a little ahead. */
    enum Kind { BIRTH, SERVICE }

    private static final String D = "[0-9OoIl|S]";
    private static final Pattern NUMERIC = Pattern.compile("^(" + D + "{1,2})\\s*([/.\\-])\\s*(" + D + "{1,2})\\s*\\2\\s*(" + D + "{4}|" + D + "{2})(?![0-9])");
    private static final Pattern ISO = Pattern.compile("^(" + D + "{4})\\s*-\\s*(" + D + "{1,2})\\s*-\\s*(" + D + "{1,2})(?![0-9])");
    private static final Pattern COMPACT = Pattern.compile("^((?:19|20)\\d{2})(\\d{2})(\\d{2})(?![0-9])");
    private static final Pattern MONTH_FIRST = Pattern.compile("^([A-Za-z]{3,9})\\.?\\s+(" + D + "{1,2})(?:st|nd|rd|th)?\\s*,?\\s+(" + D + "{4})(?![0-9])");
    private static final Pattern DAY_FIRST = Pattern.compile("^(" + D + "{1,2})(?:st|nd|rd|th)?\\s+([A-Za-z]{3,9})\\.?,?\\s+(" + D + "{4})(?![0-9])");
    private static final List<String> MONTHS = List.of("JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY",
            "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER");

    private DateReading() {
    }

    static Optional<Read> read(String text, Kind kind, LocalDate today) {
        String s = text.strip();
        Matcher m;
        if ((m = ISO.matcher(s)).find()) {
            return date(number(m.group(1)), number(m.group(2)), number(m.group(3)), m.group(),
                    clean(m.group(1), m.group(2), m.group(3)), kind, today);
        }
        if ((m = NUMERIC.matcher(s)).find()) {
            int first = number(m.group(1)), second = number(m.group(3)), year = year(m.group(4), kind, today);
            double trust = (m.group(4).length() == 2 ? 0.9 : 1.0) * clean(m.group(1), m.group(3), m.group(4));
            Optional<Read> monthFirst = date(year, first, second, m.group(), trust, kind, today);
            return monthFirst.isPresent() ? monthFirst : date(year, second, first, m.group(), trust * 0.7, kind, today);
        }
        if ((m = COMPACT.matcher(s)).find()) {
            return date(number(m.group(1)), number(m.group(2)), number(m.group(3)), m.group(), 0.8, kind, today);
        }
        if ((m = MONTH_FIRST.matcher(s)).find()) {
            int month = month(m.group(1));
            if (month > 0) return date(number(m.group(3)), month, number(m.group(2)), m.group(), clean(m.group(2), m.group(3)), kind, today);
        }
        if ((m = DAY_FIRST.matcher(s)).find()) {
            int month = month(m.group(2));
            if (month > 0) return date(number(m.group(3)), month, number(m.group(1)), m.group(), clean(m.group(1), m.group(3)), kind, today);
        }
        return Optional.empty();
    }

    private static Optional<Read> date(int year, int month, int day, String text, double trust, Kind kind, LocalDate today) {
        if (year < 0 || month < 0 || day < 0) return Optional.empty();
        LocalDate date;
        try {
            date = LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        // a birth date is not in the future nor before the oldest living people; records go back to the 1950s
        boolean plausible = kind == Kind.BIRTH
                ? !date.isAfter(today) && date.getYear() >= 1890
                : !date.isAfter(today.plusYears(1)) && date.getYear() >= 1950;
        if (!plausible) return Optional.empty();
        return Optional.of(new Read(date, trust, text));
    }

    /** Full trust when every number was printed in digits; less when OCR letters had to be read as digits. */
    private static double clean(String... numbers) {
        for (String n : numbers) if (!n.chars().allMatch(Character::isDigit)) return 0.85;
        return 1.0;
    }

    /** Two-digit years: a birth year is the latest one not in the future; a service year this century unless that is over a year ahead. */
    private static int year(String digits, Kind kind, LocalDate today) {
        int value = number(digits);
        if (value < 0 || digits.length() == 4) return value;
        int century = today.getYear() / 100 * 100;
        int candidate = century + value;
        int limit = kind == Kind.BIRTH ? today.getYear() : today.getYear() + 1;
        return candidate > limit ? candidate - 100 : candidate;
    }

    private static int number(String text) {
        String digits = OcrText.digits(text);
        if (digits == null) {
            // a short group may be mostly a look-alike ("O1"): read every character as a digit
            StringBuilder out = new StringBuilder();
            for (char c : text.toCharArray()) {
                String d = OcrText.digits("0" + c + "0");
                if (d == null) return -1;
                out.append(d.charAt(1));
            }
            digits = out.toString();
        }
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int month(String word) {
        String w = word.toUpperCase(Locale.ROOT);
        for (int i = 0; i < MONTHS.size(); i++) {
            String name = MONTHS.get(i);
            if (w.equals(name) || w.equals(name.substring(0, 3)) || (w.equals("SEPT") && i == 8)) return i + 1;
            if (w.length() >= 5 && OcrText.distance(w, name, 1) <= 1) return i + 1;
        }
        return -1;
    }
}
