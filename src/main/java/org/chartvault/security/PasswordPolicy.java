package org.chartvault.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The password rules (after NIST SP 800-63B: length and a block list rather than composition rules):
 * 12 to 128 characters, not the user name nor containing it, not a common password or a common word with only
 * digits and symbols added, and not a run of a few repeated characters.
 */
public final class PasswordPolicy {
    /** Long enough that a guessed word plus a year is not enough. */
    public static final int MIN_LENGTH = 12;
    /** Generous for pass phrases, yet bounded: hashing cost must not grow with what a stranger sends. */
    public static final int MAX_LENGTH = 128;
    /** "aaaaaaaaaaab" and "abcabcabcabc" are long but guessable. */
    private static final int MIN_DISTINCT_CHARACTERS = 5;
    /** User names this short ("jo") occur inside ordinary words, so only equality is refused for them. */
    private static final int MIN_USERNAME_TO_SEARCH = 4;
    private static final String COMMON_LIST = "/security/common-passwords.txt";

    private final Set<String> common;

    public PasswordPolicy() {
        this.common = load();
    }

    /** Throws {@link WeakPasswordException} saying what is wrong with the password, if anything. */
    public void check(String username, String password) {
        Optional<String> problem = problem(username, password);
        if (problem.isPresent()) throw new WeakPasswordException(problem.get());
    }

    /** What is wrong with the password, in one sentence, or empty when it is acceptable. */
    public Optional<String> problem(String username, String password) {
        if (password == null || password.isEmpty()) return Optional.of("Please enter a password.");
        String normalized = Normalizer.normalize(password, Normalizer.Form.NFKC);
        int length = normalized.codePointCount(0, normalized.length());
        if (length < MIN_LENGTH) {
            return Optional.of("The password must be at least " + MIN_LENGTH + " characters long; a few words"
                    + " strung together make a good one.");
        }
        if (length > MAX_LENGTH) {
            return Optional.of("The password must be at most " + MAX_LENGTH + " characters long.");
        }
        String lower = normalized.toLowerCase(Locale.ROOT);
        if (username != null && !username.isBlank()) {
            String name = username.strip().toLowerCase(Locale.ROOT);
            if (lower.equals(name) || (name.length() >= MIN_USERNAME_TO_SEARCH && lower.contains(name))) {
                return Optional.of("The password must not be the user name or contain it.");
            }
        }
        if (common.contains(lower)) {
            return Optional.of("This password is one of the most commonly used passwords; please choose another.");
        }
        String core = stripDigitsAndSymbolsAtEnds(lower);
        if (!core.isEmpty() && (common.contains(core) || common.contains(undoSubstitutions(core)))) {
            return Optional.of("This password is a common password or word with only digits or symbols added;"
                    + " please choose something less predictable.");
        }
        if (lower.codePoints().distinct().count() < MIN_DISTINCT_CHARACTERS) {
            return Optional.of("This password uses too few different characters; please choose something less"
                    + " predictable.");
        }
        return Optional.empty();
    }

    /** "!!Summer2024!" becomes "summer": what is left once the decoration around a word is taken away. */
    private static String stripDigitsAndSymbolsAtEnds(String s) {
        int start = 0, end = s.length();
        while (start < end && !Character.isLetter(s.charAt(start))) start++;
        while (end > start && !Character.isLetter(s.charAt(end - 1))) end--;
        return s.substring(start, end);
    }

    /** "p@ssw0rd" becomes "password": the swaps every cracking tool tries first. */
    private static String undoSubstitutions(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            out.append(switch (c) {
                case '@', '4' -> 'a';
                case '0' -> 'o';
                case '1', '!' -> 'i';
                case '3' -> 'e';
                case '$', '5' -> 's';
                case '7' -> 't';
                default -> c;
            });
        }
        return out.toString();
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON_LIST)) {
            if (in == null) throw new IllegalStateException("the common password list " + COMMON_LIST + " is missing from the build");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                String word = line.strip().toLowerCase(Locale.ROOT);
                if (!word.isEmpty() && !word.startsWith("#")) words.add(word);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
