package org.chartvault.release;

import org.chartvault.capture.Candidates;
import org.chartvault.capture.DocumentTypes;
import org.chartvault.capture.Finding;
import org.chartvault.capture.PageBarcodes;
import org.chartvault.capture.PatientLabel;
import org.chartvault.capture.TextFindings;
import org.chartvault.capture.TextIndexer;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.PageContent;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The wrong-patient check HIM runs on every packet before it goes out: each page is read again for the patient
 * it names, the way capture reads a document when it is filed ({@link TextIndexer}: the labelled MRN, patient name
 * and birth date in the page's stored text, and the patient labels recorded from its barcodes). A page that names
 * another patient (a misfiled sheet) or names no patient at all is flagged, and the release waits until a clerk
 * confirms it with a reason or removes it.
 * <p>
 * The stored page as filed is read, not the page as redacted: the question is whose page it is.
 */
public final class PatientCheck {
    /** Where the check reads the patient labels recorded from a page's barcodes. */
    @FunctionalInterface
    public interface Labels {
        PageBarcodes of(String documentId, int page) throws IOException;
    }

    /** Why a page was flagged. */
    public enum Problem {
        OTHER_PATIENT("other-patient"), NO_IDENTIFIERS("no-identifiers");

        private final String wire;

        Problem(String wire) {
            this.wire = wire;
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return wire;
        }
    }

    /** One identifier seen on a page: {@code field} mrn, patientName, birthDate or label; whether it is this patient's. */
    public record Seen(String field, String value, String evidence, boolean matches) {
    }

    /** A page the clerk must look at, with what was found on it and why it stops the release. */
    public record FlaggedPage(String documentId, int page, Problem problem, String why, List<Seen> found) {
    }

    /** A flagged page and what the clerk decided about it (null while undecided). */
    public record CheckedPage(String documentId, int page, Problem problem, String why, List<Seen> found,
                              PageDecision decision) {
        /** Still stops the release: nobody has confirmed it. */
        public boolean waiting() {
            return decision == null || decision.decision() != PageDecision.Kind.CONFIRM;
        }
    }

    /** The check of a release as the clerk sees it: whose pages were expected, how many were read, what was flagged. */
    public record Report(String releaseId, String mrn, String patientName, LocalDate birthDate, int pagesChecked,
                         List<CheckedPage> flagged, int waiting) {
    }

    private final DocumentRepository documents;
    private final Labels labels;
    // the document types only matter for titles, which this check does not read
    private final TextIndexer reader;

    PatientCheck(DocumentRepository documents, Labels labels, Clock clock) {
        this.documents = documents;
        this.labels = labels;
        this.reader = new TextIndexer(DocumentTypes.standard(), clock);
    }

    /** The pages of {@code included} that name another patient than {@code mrn}/{@code name}/{@code born} or no one. */
    List<FlaggedPage> check(String mrn, String name, LocalDate born, List<ReleasedDocument> included) throws IOException {
        List<FlaggedPage> flagged = new ArrayList<>();
        for (ReleasedDocument document : included) {
            for (int number : document.pages()) {
                Optional<PageContent> page = documents.findPage(document.documentId(), number);
                List<Seen> seen = new ArrayList<>();
                if (page.isPresent()) {
                    TextFindings text = reader.index(List.of(page.get()));
                    add(seen, "mrn", text.mrn(), v -> v, v -> sameMrn(v, mrn));
                    if (name != null) add(seen, "patientName", text.patientName(), v -> v, v -> sameName(v, name));
                    if (born != null) add(seen, "birthDate", text.birthDate(), LocalDate::toString, born::equals);
                }
                for (PatientLabel label : labels.of(document.documentId(), number).labels()) {
                    seen.add(new Seen("label", label.mrn(), "patient label barcode", sameMrn(label.mrn(), mrn)));
                }
                flag(document.documentId(), number, seen, mrn).ifPresent(flagged::add);
            }
        }
        return flagged;
    }

    private static Optional<FlaggedPage> flag(String documentId, int number, List<Seen> seen, String mrn) {
        List<Seen> others = seen.stream().filter(s -> !s.matches()).toList();
        if (!others.isEmpty()) {
            return Optional.of(new FlaggedPage(documentId, number, Problem.OTHER_PATIENT, "Page " + number + " of "
                    + documentId + " names another patient than MRN " + mrn + ": " + others.stream()
                    .map(s -> label(s.field()) + " " + s.value() + " (" + s.evidence() + ")")
                    .collect(Collectors.joining("; ")) + ".", seen));
        }
        if (seen.isEmpty()) {
            return Optional.of(new FlaggedPage(documentId, number, Problem.NO_IDENTIFIERS, "Page " + number + " of "
                    + documentId + " shows no MRN, patient name, birth date or patient label that could be read, "
                    + "so it cannot be told whose page it is.", seen));
        }
        return Optional.empty();
    }

    private static String label(String field) {
        return switch (field) {
            case "mrn" -> "MRN";
            case "patientName" -> "patient name";
            case "birthDate" -> "birth date";
            default -> "patient label MRN";
        };
    }

    private static <T> void add(List<Seen> seen, String field, Candidates<T> candidates,
                                java.util.function.Function<T, String> show, java.util.function.Predicate<T> matches) {
        for (Finding<T> f : candidates.findings()) {
            seen.add(new Seen(field, show.apply(f.value()), f.evidence(), matches.test(f.value())));
        }
    }

    /** The same MRN, whatever the case and the leading zeros a form printed or dropped. */
    static boolean sameMrn(String a, String b) {
        return normalMrn(a).equals(normalMrn(b));
    }

    private static String normalMrn(String mrn) {
        String s = mrn == null ? "" : mrn.strip().toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
        String trimmed = s.replaceFirst("^0+", "");
        return trimmed.isEmpty() ? s : trimmed;
    }

    /**
     * The same person by name: in any order ("DOE, JANE" is Jane Doe), a middle name or initial on one side only,
     * and one misread letter in a longer name allowed. Different family names never match.
     */
    static boolean sameName(String a, String b) {
        Set<String> x = nameWords(a), y = nameWords(b);
        if (x.isEmpty() || y.isEmpty()) return false;
        Set<String> fewer = x.size() <= y.size() ? x : y, more = fewer == x ? y : x;
        return fewer.stream().allMatch(w -> more.stream().anyMatch(v -> close(w, v)));
    }

    /** A name's words of two letters or more, upper case. */
    static Set<String> nameWords(String name) {
        if (name == null) return Set.of();
        return Arrays.stream(name.toUpperCase(Locale.ROOT).split("[^\\p{L}]+"))
                .filter(w -> w.length() > 1).collect(Collectors.toSet());
    }

    private static boolean close(String a, String b) {
        if (a.equals(b)) return true;
        if (Math.min(a.length(), b.length()) < 5 || Math.abs(a.length() - b.length()) > 1) return false;
        int[] previous = new int[b.length() + 1], current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                current[j] = Math.min(Math.min(current[j - 1], previous[j]) + 1,
                        previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()] <= 1;
    }
}
