package org.chartvault.release;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.chartvault.security.Role;

/**
 * A kind of record the law protects beyond ordinary health information (psychotherapy notes, substance use
 * disorder treatment under 42 CFR Part 2, HIV results, genetic tests...): the document types that belong to it,
 * and whether Part 2's redisclosure notice must go with it. Pages of these types leave only under an
 * authorization that names the category.
 *
 * @param category      short id, lower-case words joined by '-' (e.g. {@code substance-use-disorder})
 * @param name          what clerks call it, shown on the cover sheet
 * @param documentTypes document types that belong to it, compared without regard to case or spacing
 * @param aliases       other ways an authorization may name it (e.g. "42 CFR Part 2")
 * @param part2         records under 42 CFR Part 2: every released page carries Part 2's redisclosure notice
 * @param readers       the roles that may read, list and count these records at all, on the API and over FHIR
 *                      (administrators always may); everyone else meets them as if they did not exist
 */
public record SensitiveCategory(String category, String name, List<String> documentTypes, List<String> aliases,
                                boolean part2, Set<Role> readers) {

    /** Who reads protected records until an administrator says otherwise: release clerks and legal staff. */
    public static final Set<Role> DEFAULT_READERS = Set.of(Role.ROI, Role.LEGAL, Role.ADMIN);

    public SensitiveCategory(String category, String name, List<String> documentTypes, List<String> aliases,
                             boolean part2) {
        this(category, name, documentTypes, aliases, part2, DEFAULT_READERS);
    }

    public SensitiveCategory {
        if (category == null || !category.matches("[a-z0-9]+(-[a-z0-9]+)*") || category.length() > 40) {
            throw new InvalidReleaseException("bad-category", "A category id is lower-case words joined by '-', "
                    + "at most 40 characters (e.g. hiv-test-results), not '" + category + "'.");
        }
        name = name == null || name.isBlank() ? category : name.strip();
        documentTypes = documentTypes == null ? List.of()
                : documentTypes.stream().filter(t -> t != null && !t.isBlank()).map(String::strip).distinct().toList();
        aliases = aliases == null ? List.of()
                : aliases.stream().filter(a -> a != null && !a.isBlank()).map(String::strip).distinct().toList();
        readers = Collections.unmodifiableSet(union(readers == null ? DEFAULT_READERS : readers, Role.ADMIN));
        if (documentTypes.isEmpty()) {
            throw new InvalidReleaseException("bad-category", "Category " + category + " must list at least one document type.");
        }
    }

    private static Set<Role> union(Set<Role> roles, Role always) {
        Set<Role> all = EnumSet.of(always);
        all.addAll(roles);
        return all;
    }

    /** Whether someone holding these roles may read records of this category. */
    public boolean readableBy(Set<Role> roles) {
        return roles.stream().anyMatch(readers::contains);
    }

    public boolean covers(String documentType) {
        if (documentType == null) return false;
        String wanted = normalise(documentType);
        return documentTypes.stream().anyMatch(t -> normalise(t).equals(wanted));
    }

    /** True when {@code words} name this category: its id, its name, an alias or one of its document types. */
    public boolean isNamedBy(String words) {
        String wanted = normalise(words);
        if (wanted.isEmpty()) return false;
        if (normalise(category).equals(wanted) || normalise(name).equals(wanted)) return true;
        return aliases.stream().anyMatch(a -> normalise(a).equals(wanted)) || covers(words);
    }

    /** Letters and digits only, lower case, accents folded: "42 CFR Part 2" and "42cfr-part2" compare equal. */
    static String normalise(String text) {
        return org.chartvault.document.Indexing.typeKey(text);
    }

    /** The categories every installation starts with; administrators add others (HIV, genetic testing...). */
    public static final List<SensitiveCategory> DEFAULTS = List.of(
            new SensitiveCategory("psychotherapy-notes", "Psychotherapy notes",
                    List.of("PSYCHOTHERAPY NOTE", "PSYCHOTHERAPY NOTES", "PSYCHOTHERAPY PROGRESS NOTE"),
                    List.of("psychotherapy"), false),
            new SensitiveCategory("substance-use-disorder", "Substance use disorder treatment records (42 CFR Part 2)",
                    List.of("SUBSTANCE USE DISORDER TREATMENT", "SUBSTANCE USE DISORDER TREATMENT RECORD",
                            "SUBSTANCE ABUSE TREATMENT", "ALCOHOL AND DRUG TREATMENT", "CHEMICAL DEPENDENCY TREATMENT"),
                    List.of("42 CFR Part 2", "Part 2", "SUD", "substance use disorder", "substance abuse"), true));
}
