package org.chartvault.capture;

import org.chartvault.capture.OcrText.Token;
import org.chartvault.document.PageContent;
import org.chartvault.imaging.Word;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds a document's indexing values in its OCR text the way an indexing clerk does: labelled fields
 * ({@code MRN:}, {@code Medical Record #}, {@code DOB:}, {@code Date of service:}, {@code Admission Date},
 * {@code Patient:}, {@code Encounter #}...) and the title at the top of the first page. Labels are matched
 * allowing for OCR's usual misreadings ("MRM", "D0B", "Med1cal Rec0rd", a missing space), and values are read
 * back through them ("0O5739l0" is 00573910, with less confidence).
 *
 * <p>A value is only taken from behind its label: a bare number or date in the prose is never an MRN or a
 * birth date. Every candidate is kept with where it was seen; two different MRNs make the field ambiguous, so
 * the pipeline can send the document to review with both shown.
 *
 * <p>Word confidences, when the pages have them, lower the confidence of values Tesseract was unsure of.
 * It is assumed that {@link Word#line()} numbers the lines of {@link PageContent#text()} split at newlines.
 */
public final class TextIndexer {
    /** The header block is on the first page; later pages add little but footers and noise. */
    public static final int PAGES_READ = 3;
    /** Medical record numbers of most hospitals: 6 to 10 digits, leading zeros kept. */
    public static final Pattern DEFAULT_MRN = Pattern.compile("\\d{6,10}");
    // the title of a document sits in its first lines
    private static final int HEADING_LINES = 15;
    // a heading is short; a longer line with a type's keyword is prose
    private static final int HEADING_WORDS = 8;
    // the header block with the patient's fields fills the first lines of the first page
    private static final int HEADER_LINES = 12;

    private enum Field { MRN, NAME, BIRTH_DATE, SERVICE_DATE, ENCOUNTER }

    /**
     * A label as printed on charts. {@code colon}: only a label when a colon follows (the word also occurs in
     * prose); {@code leading}: a generic word ("Date", "Name") believed most at the start of a line or a cell.
     */
    private record Label(Field field, String folded, double confidence, boolean colon, boolean leading) {
    }

    /** A label that only ever means the field ("MRN", "Date of birth"). */
    private static Label strong(Field field, String printed, double confidence) {
        return new Label(field, OcrText.fold(printed), confidence, false, false);
    }

    /** A word that is a label only with a colon after it ("Patient:", "Encounter:"). */
    private static Label weak(Field field, String printed, double confidence) {
        return new Label(field, OcrText.fold(printed), confidence, true, false);
    }

    /**
     * A generic word ("Name:", "Date:") that is this field's label only with a colon, and believed most at the
     * start of a line or a cell.
     */
    private static Label generic(Field field, String printed, double confidence) {
        return new Label(field, OcrText.fold(printed), confidence, true, true);
    }

    private static final List<Label> LABELS = List.of(
            strong(Field.MRN, "MRN", 0.95), strong(Field.MRN, "MR #", 0.9), strong(Field.MRN, "MR NO", 0.9),
            strong(Field.MRN, "MR NUMBER", 0.9), strong(Field.MRN, "MEDICAL RECORD", 0.95),
            strong(Field.MRN, "MEDICAL RECORD NUMBER", 0.95), strong(Field.MRN, "MED REC", 0.9),
            strong(Field.MRN, "UNIT NUMBER", 0.8), strong(Field.MRN, "UNIT NO", 0.8), strong(Field.MRN, "CHART #", 0.8),
            strong(Field.MRN, "CHART NUMBER", 0.8), strong(Field.MRN, "PATIENT ID", 0.75),
            weak(Field.NAME, "PATIENT", 0.85), strong(Field.NAME, "PATIENT NAME", 0.9), weak(Field.NAME, "PT NAME", 0.8),
            strong(Field.NAME, "NAME OF PATIENT", 0.9), generic(Field.NAME, "NAME", 0.7),
            strong(Field.BIRTH_DATE, "DOB", 0.95), strong(Field.BIRTH_DATE, "DATE OF BIRTH", 0.95),
            strong(Field.BIRTH_DATE, "BIRTH DATE", 0.95), strong(Field.BIRTH_DATE, "BIRTHDATE", 0.95),
            weak(Field.BIRTH_DATE, "BORN", 0.7),
            strong(Field.SERVICE_DATE, "DATE OF SERVICE", 0.9), strong(Field.SERVICE_DATE, "SERVICE DATE", 0.9),
            weak(Field.SERVICE_DATE, "DOS", 0.85), strong(Field.SERVICE_DATE, "VISIT DATE", 0.85),
            strong(Field.SERVICE_DATE, "DATE OF VISIT", 0.85), strong(Field.SERVICE_DATE, "ENCOUNTER DATE", 0.85),
            strong(Field.SERVICE_DATE, "DATE OF PROCEDURE", 0.85), strong(Field.SERVICE_DATE, "PROCEDURE DATE", 0.85),
            strong(Field.SERVICE_DATE, "DATE OF SURGERY", 0.85), strong(Field.SERVICE_DATE, "SURGERY DATE", 0.85),
            strong(Field.SERVICE_DATE, "DATE OF OPERATION", 0.85), strong(Field.SERVICE_DATE, "EXAM DATE", 0.85),
            strong(Field.SERVICE_DATE, "DATE OF EXAM", 0.85), strong(Field.SERVICE_DATE, "DATE OF EXAMINATION", 0.85),
            strong(Field.SERVICE_DATE, "STUDY DATE", 0.85), strong(Field.SERVICE_DATE, "COLLECTION DATE", 0.8),
            strong(Field.SERVICE_DATE, "DATE COLLECTED", 0.8), weak(Field.SERVICE_DATE, "COLLECTED", 0.7),
            strong(Field.SERVICE_DATE, "ADMISSION DATE", 0.8), strong(Field.SERVICE_DATE, "DATE OF ADMISSION", 0.8),
            strong(Field.SERVICE_DATE, "ADMIT DATE", 0.8), weak(Field.SERVICE_DATE, "ADMITTED", 0.7),
            strong(Field.SERVICE_DATE, "DISCHARGE DATE", 0.6), strong(Field.SERVICE_DATE, "DATE OF DISCHARGE", 0.6),
            strong(Field.SERVICE_DATE, "REPORT DATE", 0.55), strong(Field.SERVICE_DATE, "DATE OF REPORT", 0.55),
            strong(Field.SERVICE_DATE, "DATE RECEIVED", 0.7), weak(Field.SERVICE_DATE, "RECEIVED", 0.6),
            generic(Field.SERVICE_DATE, "DATE", 0.5),
            weak(Field.ENCOUNTER, "ENCOUNTER", 0.9), strong(Field.ENCOUNTER, "ENCOUNTER #", 0.9),
            strong(Field.ENCOUNTER, "ENCOUNTER NUMBER", 0.9), strong(Field.ENCOUNTER, "ENCOUNTER NO", 0.9),
            strong(Field.ENCOUNTER, "ENC #", 0.8), strong(Field.ENCOUNTER, "VISIT #", 0.85),
            strong(Field.ENCOUNTER, "VISIT NUMBER", 0.85), strong(Field.ENCOUNTER, "ACCOUNT #", 0.8),
            strong(Field.ENCOUNTER, "ACCOUNT NUMBER", 0.8), strong(Field.ENCOUNTER, "ACCT #", 0.8),
            weak(Field.ENCOUNTER, "FIN", 0.8), weak(Field.ENCOUNTER, "CSN", 0.8));

    // words after an identifier's label that are part of the label ("MRN #", "Medical Record No.")
    private static final Set<String> NUMBER_WORDS = Set.of("#", "NO", "NUMBER", "NBR", "NUM", "ID");
    // words that end a name: labels and words of prose
    private static final Set<String> NOT_NAMES = Set.of("MRN", "DOB", "AGE", "SEX", "MALE", "FEMALE", "THE", "AND",
            "WAS", "IS", "OF", "TO", "IN", "FOR", "WITH", "HE", "SHE", "PATIENT", "DATE", "UNKNOWN", "MD", "DR",
            "ROOM", "BED", "ACCOUNT", "ENCOUNTER", "ATTENDING", "PHYSICIAN", "PAGE", "VISIT", "AT", "ON", "BY");

    private final List<Keyword> keywords = new ArrayList<>();
    private final Map<String, List<Keyword>> phrases = new HashMap<>();   // multi-word keywords by folded spelling
    private final Clock clock;
    private final Pattern mrnShape;

    public TextIndexer(DocumentTypes types, Clock clock) {
        this(types, clock, DEFAULT_MRN);
    }

    /** @param mrnShape what this hospital's MRNs look like (matched against the whole value) */
    public TextIndexer(DocumentTypes types, Clock clock, Pattern mrnShape) {
        for (DocumentType type : types.inUse()) {
            for (String k : type.keywords()) {
                Keyword keyword = new Keyword(type, OcrText.fold(k), k.split(" ").length);
                keywords.add(keyword);
                if (keyword.words() > 1) phrases.computeIfAbsent(keyword.folded(), f -> new ArrayList<>()).add(keyword);
            }
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mrnShape = Objects.requireNonNull(mrnShape, "mrnShape");
    }

    /** The findings in the first {@link #PAGES_READ} pages, in page order. */
    public TextFindings index(List<PageContent> pages) {
        List<Page> read = new ArrayList<>();
        for (PageContent page : pages.stream().limit(PAGES_READ).toList()) {
            read.add(new Page(page.number(), page.text(), page.words()));
        }
        return index(read, LocalDate.now(clock));
    }

    /** The findings in the text of one page (no word confidences). */
    public TextFindings index(String text) {
        return index(List.of(new Page(1, text, List.of())), LocalDate.now(clock));
    }

    private record Page(int number, String text, List<Word> words) {
    }

    private TextFindings index(List<Page> pages, LocalDate today) {
        Map<Field, List<Finding<?>>> found = new HashMap<>();
        for (Field f : Field.values()) found.put(f, new ArrayList<>());
        List<Finding<DocumentType>> typeFindings = new ArrayList<>();
        for (int p = 0; p < pages.size(); p++) {
            Page page = pages.get(p);
            String[] lines = page.text().split("\\R", -1);
            Map<Integer, List<Word>> wordsByLine = new HashMap<>();
            for (Word w : page.words()) wordsByLine.computeIfAbsent(w.line(), k -> new ArrayList<>()).add(w);
            for (int l = 0; l < lines.length; l++) {
                fields(page, lines, l, p == 0, wordsByLine.getOrDefault(l, List.of()), found, today);
            }
            headings(page, lines, p == 0, typeFindings);
        }
        List<Finding<String>> mrns = cast(found.get(Field.MRN)), names = cast(found.get(Field.NAME)),
                encounters = cast(found.get(Field.ENCOUNTER));
        List<Finding<LocalDate>> births = cast(found.get(Field.BIRTH_DATE)), services = cast(found.get(Field.SERVICE_DATE));
        Candidates<LocalDate> birth = Candidates.of(births, d -> d);
        // a document is not written before its patient was born
        Optional<LocalDate> born = birth.bestValue();
        if (born.isPresent()) services.removeIf(f -> f.value().isBefore(born.get()));
        return new TextFindings(Candidates.of(mrns, v -> v),
                Candidates.of(names, TextIndexer::nameKey), birth, Candidates.of(services, d -> d),
                Candidates.of(encounters, v -> v), Candidates.of(typeFindings, DocumentType::loinc));
    }

    @SuppressWarnings("unchecked")
    private static <T> List<Finding<T>> cast(List<Finding<?>> findings) {
        List<Finding<T>> out = new ArrayList<>();
        for (Finding<?> f : findings) out.add((Finding<T>) f);
        return out;
    }

    // ---- labelled fields ----

    /** A label found on a line: tokens [from, to) of it. */
    private record Match(Label label, int from, int to, int distance) {
    }

    private void fields(Page page, String[] lines, int l, boolean firstPage, List<Word> words,
                        Map<Field, List<Finding<?>>> found, LocalDate today) {
        String line = lines[l];
        List<Token> tokens = OcrText.tokens(line);
        if (tokens.isEmpty()) return;
        List<Match> matches = labels(tokens);
        for (int m = 0; m < matches.size(); m++) {
            Match match = matches.get(m);
            int end = m + 1 < matches.size() ? matches.get(m + 1).from() : tokens.size();
            List<Token> value = value(tokens, match, end);
            String valueLine = line;
            double trust = 1 - 0.05 * match.distance();
            if (value.isEmpty() && end == tokens.size()) {
                // the value may stand on the next line, under its label
                int next = l + 1;
                while (next < lines.length && lines[next].isBlank()) next++;
                if (next < lines.length && next <= l + 2) {
                    List<Token> below = OcrText.tokens(lines[next]);
                    List<Match> belowLabels = labels(below);
                    int stop = belowLabels.isEmpty() ? below.size() : belowLabels.get(0).from();
                    value = cell(below, 0, stop);
                    valueLine = lines[next];
                    trust *= 0.85;
                }
            }
            if (value.isEmpty()) continue;
            String evidence = quote(line.substring(tokens.get(match.from()).start(), tokens.get(match.to() - 1).end())
                    + (valueLine == line ? line.substring(tokens.get(match.to() - 1).end(), value.getLast().end())
                    : " " + valueLine.substring(value.getFirst().start(), value.getLast().end())))
                    + " (page " + page.number() + ", line " + (l + 1) + ")";
            double base = confidence(match, tokens, l, firstPage) * trust * wordTrust(words, value);
            Finding<?> finding = switch (match.label().field()) {
                case MRN -> mrn(value, base, evidence);
                case NAME -> name(value, base, evidence);
                case BIRTH_DATE -> date(valueLine, value, DateReading.Kind.BIRTH, today, base, evidence);
                case SERVICE_DATE -> date(valueLine, value, DateReading.Kind.SERVICE, today, base, evidence);
                case ENCOUNTER -> encounter(value, base, evidence);
            };
            if (finding != null) found.get(match.label().field()).add(finding);
        }
    }

    /** Labels by their folded spelling, for the exact look-up that settles most words. */
    private static final Map<String, List<Label>> EXACT_LABELS = new HashMap<>();

    static {
        for (Label label : LABELS) EXACT_LABELS.computeIfAbsent(label.folded(), k -> new ArrayList<>()).add(label);
    }

    /** Every label on the line, left to right; where labels overlap the longest reading wins. */
    private static List<Match> labels(List<Token> tokens) {
        List<Match> matches = new ArrayList<>();
        String[] folded = tokens.stream().map(t -> OcrText.fold(t.text())).toArray(String[]::new);
        int i = 0;
        while (i < tokens.size()) {
            Match best = null;
            StringBuilder window = new StringBuilder();
            for (int k = 1; k <= 4 && i + k <= tokens.size(); k++) {
                window.append(folded[i + k - 1]);
                if (window.length() > 24) break;
                String w = window.toString();
                boolean colon = tokens.get(i + k - 1).colonAfter()
                        || (i + k < tokens.size() && tokens.get(i + k).text().equals("#"));
                // a misread label needs its colon: in prose, "study dated" is one letter from "STUDY DATE"
                List<Label> candidates = colon ? LABELS : EXACT_LABELS.getOrDefault(w, List.of());
                for (Label label : candidates) {
                    if (Math.abs(label.folded().length() - w.length()) > 2) continue;
                    int d = OcrText.misreadDistance(w, label.folded());
                    if (d < 0) continue;
                    if (label.colon() && !colon) continue;
                    if (label.leading() && !startsCell(tokens, i) && qualified(label, folded[i - 1])) continue;
                    Match candidate = new Match(label, i, i + k, d);
                    if (best == null || better(candidate, best)) best = candidate;
                }
            }
            if (best != null) {
                matches.add(best);
                i = best.to();
            } else {
                i++;
            }
        }
        return matches;
    }

    /**
     * A label's confidence where it stands. A bare "Date:" in the header block of the first page is the date of
     * service on most forms; further down it dates a signature, an addendum, a result. OCR joins table cells with
     * single spaces, so a generic label found mid-line is believed a little less, not refused.
     */
    private static double confidence(Match match, List<Token> tokens, int line, boolean firstPage) {
        Label label = match.label();
        if (!label.leading()) return label.confidence();
        double c = label.field() == Field.SERVICE_DATE ? (firstPage && line < HEADER_LINES ? 0.7 : 0.45) : label.confidence();
        return startsCell(tokens, match.from()) ? c : c * 0.9;
    }

    // words that make a generic label someone else's: "Attending Name:", "Signature Date:", "Due Date:"
    private static final Set<String> QUALIFIERS = Set.of("ATTENDING", "PHYSICIAN", "PROVIDER", "DOCTOR", "SURGEON", "NURSE",
            "FACILITY", "HOSPITAL", "CONTACT", "GUARANTOR", "INSURED", "SUBSCRIBER", "SPOUSE", "MOTHERS", "FATHERS",
            "REFERRING", "WITNESS", "USER", "SIGNATURE", "SIGNED", "PRINT", "PRINTED", "TRANSCRIBED", "DICTATED",
            "REVIEWED", "ORDER", "RESULT", "ADDENDUM", "REVISION", "EFFECTIVE", "EXPIRATION", "LAST", "NEXT", "DUE",
            "START", "STOP", "END", "DEATH");

    /** A generic label after a word: a name only behind "Patient", a date unless a qualifier says whose. */
    private static boolean qualified(Label label, String before) {
        return label.field() == Field.NAME || QUALIFIERS.contains(before);
    }

    /** More words read as a label beat fewer ("Date of birth" over "Date"); then the closer reading; then the longer label. */
    private static boolean better(Match a, Match b) {
        if (a.to() - a.from() != b.to() - b.from()) return a.to() - a.from() > b.to() - b.from();
        if (a.distance() != b.distance()) return a.distance() < b.distance();
        return a.label().folded().length() > b.label().folded().length();
    }

    /** At the start of the line, or after a wide gap (table cells are set apart by several spaces). */
    private static boolean startsCell(List<Token> tokens, int i) {
        return i == 0 || tokens.get(i).start() - tokens.get(i - 1).end() >= 3;
    }

    /** The value behind a label: up to the next label, a word followed by a colon (another label), or a wide gap. */
    private static List<Token> value(List<Token> tokens, Match match, int end) {
        int from = match.to();
        Field field = match.label().field();
        if (field == Field.MRN || field == Field.ENCOUNTER) {
            while (from < end && NUMBER_WORDS.contains(OcrText.fold(tokens.get(from).bare()))) from++;
        }
        if (from < end && from > 0 && tokens.get(from).start() - tokens.get(from - 1).end() >= 6) return List.of();
        return cell(tokens, from, end);
    }

    private static List<Token> cell(List<Token> tokens, int from, int end) {
        List<Token> value = new ArrayList<>();
        for (int i = from; i < end && value.size() < 6; i++) {
            if (i > from && tokens.get(i).start() - tokens.get(i - 1).end() >= 3) break;
            value.add(tokens.get(i));
            if (tokens.get(i).colonAfter() && !tokens.get(i).text().matches("\\d{1,2}")) break;   // "10:30" is a time, not a label
        }
        // a trailing word followed by a colon is the next field's label
        if (value.size() > 1 && value.getLast().colonAfter() && value.getLast().text().matches("[A-Za-z]{2,}")) value.removeLast();
        return value;
    }

    private Finding<String> mrn(List<Token> value, double base, String evidence) {
        String raw = value.get(0).bare().toUpperCase(Locale.ROOT);
        if (mrnShape.matcher(raw).matches()) return new Finding<>(raw, Source.TEXT, clamp(base), evidence);
        String digits = OcrText.digits(value.get(0).bare());
        double trust = 1;
        if (digits != null && !digits.equals(raw)) trust = 0.85;
        if (digits != null && !mrnShape.matcher(digits).matches() && value.size() > 1 && digits.length() < 6) {
            // "0057 3910": a number broken by a space
            String rest = OcrText.digits(value.get(1).bare());
            if (rest != null) {
                digits = digits + rest;
                trust *= 0.85;
            }
        }
        if (digits == null || !mrnShape.matcher(digits).matches()) return null;
        return new Finding<>(digits, Source.TEXT, clamp(base * trust), evidence);
    }

    private static Finding<String> name(List<Token> value, double base, String evidence) {
        List<String> parts = new ArrayList<>();
        for (Token t : value) {
            String word = t.text().replaceAll("[.,]+$", "");
            if (!word.matches("\\p{L}[\\p{L}'’\\-]*\\.?")) break;
            if (NOT_NAMES.contains(word.toUpperCase(Locale.ROOT))) break;
            parts.add(t.text());
            if (parts.size() == 5) break;
        }
        String name = String.join(" ", parts).replaceAll("\\s*,\\s*", ", ").replaceAll("[,.\\s]+$", "").strip();
        long words = name.split("[\\s,]+").length;
        boolean prose = name.chars().filter(Character::isUpperCase).count() < words;
        if (words < 2 || prose || name.replaceAll("[^\\p{L}]", "").length() < 4) return null;
        return new Finding<>(name, Source.TEXT, clamp(base), evidence);
    }

    private static Finding<LocalDate> date(String line, List<Token> value, DateReading.Kind kind, LocalDate today,
                                           double base, String evidence) {
        String text = line.substring(value.getFirst().start(), value.getLast().end());
        return DateReading.read(text, kind, today)
                .map(read -> new Finding<>(read.date(), Source.TEXT, clamp(base * read.trust()), evidence))
                .orElse(null);
    }

    private static Finding<String> encounter(List<Token> value, double base, String evidence) {
        String raw = value.get(0).bare().toUpperCase(Locale.ROOT);
        if (raw.matches("[A-Z0-9-]{4,20}") && raw.chars().filter(Character::isDigit).count() >= 4
                && raw.chars().filter(Character::isLetter).count() <= 3) {
            return new Finding<>(raw, Source.TEXT, clamp(base), evidence);
        }
        var m = Pattern.compile("([A-Z]{1,3})([A-Z0-9|-]{4,18})").matcher(raw);
        if (m.matches()) {
            String digits = OcrText.digits(m.group(2));
            if (digits != null) return new Finding<>(m.group(1) + digits, Source.TEXT, clamp(base * 0.85), evidence);
        }
        return null;
    }

    /** Tesseract's own doubt about the words of a value: 1 when sure or unknown, down to 0.6 for a wild guess. */
    private static double wordTrust(List<Word> words, List<Token> value) {
        double lowest = 100;
        boolean seen = false;
        for (Token t : value) {
            for (Word w : words) {
                if (!w.text().isEmpty() && (w.text().contains(t.text()) || t.text().contains(w.text()))) {
                    lowest = Math.min(lowest, w.confidence());
                    seen = true;
                }
            }
        }
        return seen ? 0.6 + 0.4 * Math.max(0, Math.min(100, lowest)) / 100 : 1;
    }

    // ---- document type ----

    private void headings(Page page, String[] lines, boolean firstPage, List<Finding<DocumentType>> found) {
        int seen = 0;
        for (int l = 0; l < lines.length; l++) {
            String line = lines[l].strip();
            if (line.isEmpty()) continue;
            seen++;
            List<Token> tokens = OcrText.tokens(line.replaceAll("(?i)\\(?\\s*continued\\s*\\)?", " "));
            if (tokens.isEmpty()) continue;
            String[] folded = tokens.stream().map(t -> OcrText.fold(t.text())).toArray(String[]::new);
            boolean shortLine = tokens.size() <= HEADING_WORDS;
            boolean heading = seen <= HEADING_LINES && shortLine;
            long letters = line.chars().filter(Character::isLetter).count();
            boolean upper = letters > 0 && line.chars().filter(Character::isUpperCase).count() >= letters * 0.8;
            // OCR may read a two-column header first and the title later; a short capitalised line is a title anywhere
            boolean title = heading || (shortLine && upper);
            // in prose only a phrase spelt out counts ("see discharge summary"); one word ("consent") says nothing
            List<Keyword> candidates = title ? keywords : phrasesIn(folded);
            for (Keyword keyword : candidates) {
                KeywordHit hit = keyword(folded, keyword);
                if (hit == null) continue;
                double confidence;
                if (heading && hit.wholeLine()) {
                    confidence = 0.92 - 0.01 * seen;
                } else if (heading && upper) {
                    confidence = 0.8 - 0.01 * seen;
                } else if (heading) {
                    confidence = 0.6 - 0.01 * seen;
                } else if (title) {
                    confidence = hit.wholeLine() ? 0.72 : 0.5;
                } else {
                    confidence = 0.35;
                }
                if (!firstPage) confidence *= 0.9;
                confidence *= 1 - 0.05 * hit.distance();
                found.add(new Finding<>(keyword.type(), Source.TEXT, clamp(confidence),
                        quote(line) + " (page " + page.number() + ", line " + (l + 1) + ")"));
            }
        }
    }

    /** The multi-word keywords spelt exactly somewhere on a line of prose. */
    private List<Keyword> phrasesIn(String[] folded) {
        List<Keyword> found = new ArrayList<>();
        for (int i = 0; i < folded.length; i++) {
            StringBuilder window = new StringBuilder(folded[i]);
            for (int k = 2; k <= 6 && i + k <= folded.length; k++) {
                window.append(folded[i + k - 1]);
                for (Keyword keyword : phrases.getOrDefault(window.toString(), List.of())) {
                    if (!found.contains(keyword)) found.add(keyword);
                }
            }
        }
        return found;
    }

    /** A keyword of a type, folded once. */
    private record Keyword(DocumentType type, String folded, int words) {
    }

    private record KeywordHit(int distance, boolean wholeLine) {
    }

    /** Where the keyword's words appear in a row on the line, allowing OCR misreadings. */
    private static KeywordHit keyword(String[] folded, Keyword keyword) {
        String want = keyword.folded();
        KeywordHit best = null;
        for (int i = 0; i < folded.length; i++) {
            if (folded[i].isEmpty()) continue;
            StringBuilder window = new StringBuilder();
            for (int k = 1; k <= keyword.words() + 1 && i + k <= folded.length; k++) {
                window.append(folded[i + k - 1]);
                if (window.length() > want.length() + 2) break;
                if (window.length() < want.length() - 2) continue;
                int d = OcrText.misreadDistance(window.toString(), want);
                if (d < 0) continue;
                KeywordHit hit = new KeywordHit(d, i == 0 && i + k == folded.length);
                if (best == null || (hit.wholeLine() && !best.wholeLine()) || hit.distance() < best.distance()) best = hit;
            }
        }
        return best;
    }

    // ---- helpers ----

    /** Names compare alike whatever their case, spacing and punctuation. */
    private static String nameKey(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^\\p{L}]+", " ").strip();
    }

    private static String quote(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        return "\"" + (t.length() > 80 ? t.substring(0, 77) + "..." : t) + "\"";
    }

    private static double clamp(double confidence) {
        return Math.max(0, Math.min(1, confidence));
    }
}
