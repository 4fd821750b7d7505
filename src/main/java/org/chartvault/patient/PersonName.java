package org.chartvault.patient;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A person's name split the way registration keeps it, and compared the way a clerk compares names: case,
 * accents, punctuation and word order ("WOJCIECHOWSKI, MARGARET A" and "Margaret Wojciechowski") do not matter,
 * a middle name or initial on one side only does not matter, an initial matches a first name, and one letter
 * misread by OCR in a long name makes the match likely rather than certain.
 */
public record PersonName(String family, List<String> given) {

    public PersonName {
        if (family == null || family.isBlank()) throw new IllegalArgumentException("a name needs a family name");
        family = family.strip();
        given = given == null ? List.of() : List.copyOf(given);
    }

    /** How well two names agree. */
    public enum Agreement { SAME, LIKELY, DIFFERENT }

    /** The agreement and, unless the names are the same, why. */
    public record Comparison(Agreement agreement, String reason) {
    }

    /**
     * Reads "LAST, FIRST MIDDLE" (comma: family name first) or "First Middle Last" (no comma: family name last).
     * Empty when there are no letters to read.
     */
    public static Optional<PersonName> parse(String text) {
        if (text == null) return Optional.empty();
        String t = text.strip().replaceAll("\\s+", " ");
        if (t.chars().noneMatch(Character::isLetter)) return Optional.empty();
        int comma = t.indexOf(',');
        if (comma >= 0) {
            String family = t.substring(0, comma).strip();
            List<String> given = words(t.substring(comma + 1));
            if (family.isEmpty()) return given.isEmpty() ? Optional.empty() : Optional.of(new PersonName(given.get(0), given.subList(1, given.size())));
            return Optional.of(new PersonName(family, given));
        }
        List<String> words = words(t);
        return Optional.of(new PersonName(words.getLast(), words.subList(0, words.size() - 1)));
    }

    /** "FAMILY, GIVEN MIDDLE", upper case, as charts print it. */
    public String display() {
        String f = family.toUpperCase(Locale.ROOT);
        return given.isEmpty() ? f : f + ", " + String.join(" ", given).toUpperCase(Locale.ROOT);
    }

    public Comparison compare(PersonName other) {
        Comparison straight = compareInOrder(this, other);
        if (straight.agreement() != Agreement.DIFFERENT) return straight;
        // "LAST FIRST" written without its comma reads as first name "LAST", family name "FIRST"
        if (!other.given.isEmpty()) {
            PersonName swapped = new PersonName(other.given.get(0), concat(List.of(other.family), other.given.subList(1, other.given.size())));
            if (compareInOrder(this, swapped).agreement() != Agreement.DIFFERENT) {
                return new Comparison(Agreement.LIKELY, "the same names in another order (" + other.display() + " and " + display() + ")");
            }
        }
        return straight;
    }

    private static Comparison compareInOrder(PersonName a, PersonName b) {
        String fa = key(a.family), fb = key(b.family);
        Agreement family;
        if (fa.equals(fb)) {
            family = Agreement.SAME;
        } else if (partOf(fa, fb) || partOf(fb, fa) || (Math.min(fa.length(), fb.length()) >= 5 && distance(fa, fb) <= 1)) {
            family = Agreement.LIKELY;
        } else {
            return new Comparison(Agreement.DIFFERENT, "family name " + a.family + " is not " + b.family);
        }
        if (a.given.isEmpty() || b.given.isEmpty()) {
            return new Comparison(Agreement.LIKELY, "only the family name could be compared");
        }
        String ga = key(a.given.get(0)), gb = key(b.given.get(0));
        Agreement first;
        if (ga.equals(gb)) {
            first = Agreement.SAME;
        } else if ((ga.length() == 1 && gb.startsWith(ga)) || (gb.length() == 1 && ga.startsWith(gb))
                || (Math.min(ga.length(), gb.length()) >= 5 && distance(ga, gb) <= 1)) {
            first = Agreement.LIKELY;
        } else {
            return new Comparison(Agreement.DIFFERENT, "first name " + a.given.get(0) + " is not " + b.given.get(0));
        }
        if (family == Agreement.SAME && first == Agreement.SAME) return new Comparison(Agreement.SAME, "");
        return new Comparison(Agreement.LIKELY, "names nearly agree (" + a.display() + " and " + b.display() + ")");
    }

    /** One compound family name contains the other ("GARCIA LOPEZ" and "GARCIA"). */
    private static boolean partOf(String whole, String part) {
        return whole.length() > part.length() && part.length() >= 3
                && Arrays.asList(whole.split(" ")).contains(part);
    }

    /** Upper case without accents and punctuation; hyphens and apostrophes vanish (O'Donnell = ODONNELL). */
    static String key(String name) {
        String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toUpperCase(Locale.ROOT).replaceAll("['’\\-.]", "").replaceAll("[^\\p{L} ]", " ").strip().replaceAll("\\s+", " ");
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.strip().split("[\\s]+")) {
            String clean = w.replaceAll("^[^\\p{L}]+|[^\\p{L}.]+$", "");
            if (!clean.isEmpty()) out.add(clean);
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
