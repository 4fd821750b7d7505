package org.chartvault.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lucene's classic query syntax with ChartVault's rules: friendly field names, dates as dates, AND
 * between plain words, and every plain word forgiving of OCR errors. Not thread-safe; one per parse.
 */
final class ChartQueryParser extends QueryParser {

    /** What users may type before a colon, mapped onto the index fields. */
    static final Map<String, String> FIELD_NAMES = Map.ofEntries(
            Map.entry("text", PageFields.TEXT),
            Map.entry("mrn", PageFields.MRN),
            Map.entry("patient", PageFields.PATIENT_NAME),
            Map.entry("name", PageFields.PATIENT_NAME),
            Map.entry("type", PageFields.DOCUMENT_TYPE),
            Map.entry("date", PageFields.SERVICE_DATE),
            Map.entry("born", PageFields.BIRTH_DATE),
            Map.entry("dob", PageFields.BIRTH_DATE),
            Map.entry("page", PageFields.PAGE),
            Map.entry("file", PageFields.FILE_NAME),
            Map.entry("encounter", PageFields.ENCOUNTER),
            Map.entry("hold", PageFields.HOLDS),
            Map.entry("status", PageFields.STATUS),
            Map.entry("doc", PageFields.DOCUMENT_ID));

    /** One OCR slip (or a plural s) in a word of up to seven letters; two in longer words. */
    private static final int LONG_WORD = 8;
    /** Words of three letters or fewer are mostly abbreviations; one edit turns BP into BS or MI into MS. */
    private static final int MIN_FUZZY_LENGTH = 4;
    /** Spelling variants kept per word: plenty for OCR damage, few enough to stay fast and under the clause limit. */
    static final int FUZZY_EXPANSIONS = 16;
    /** Spelling variants count for less than the word itself, so exact matches rank first. */
    private static final float FUZZY_BOOST = 0.3f;
    /** A known OCR confusion (rn/m, 0/o, 1/l) is better evidence than an arbitrary edit, still below exact. */
    private static final float OCR_KEY_BOOST = 0.5f;
    /** One stray OCR token (a speck read as "i") may sit inside a phrase; word order still matters. */
    static final int PHRASE_SLOP = 1;
    /** Upper bound for "..."~N so nobody turns a phrase into a whole-page proximity scan. */
    private static final int MAX_PHRASE_SLOP = 20;
    /** Characters that must come before * or ?: "a*" would enumerate a large part of the dictionary. */
    static final int MIN_WILDCARD_PREFIX = 2;

    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("M/d/uuuu", Locale.ROOT);

    ChartQueryParser(Analyzer queryAnalyzer) {
        super(PageFields.TEXT, queryAnalyzer);
        // users of a records search narrow by adding words ("lopez discharge 2024"); OR would flood them
        setDefaultOperator(Operator.AND);
        // the analyzer sees "heart attack" whole, so multi-word synonyms work without quotes too
        setSplitOnWhitespace(false);
        setAutoGenerateMultiTermSynonymsPhraseQuery(true);
        setPhraseSlop(PHRASE_SLOP);
        setAllowLeadingWildcard(false);
    }

    /** The user's words for a field, or null when it is not one of ours. */
    static String fieldFor(String typed) {
        return FIELD_NAMES.get(typed.toLowerCase(Locale.ROOT));
    }

    @Override
    protected Query getFieldQuery(String typedField, String text, boolean quoted) throws ParseException {
        String field = fieldFor(typedField);
        if (field == null) {
            // "Dx: pneumonia" or "10:30" pasted from a chart: search the words, the "field" included
            return super.getFieldQuery(PageFields.TEXT, typedField + " " + text, quoted);
        }
        String value = text.strip();
        return switch (field) {
            case PageFields.TEXT, PageFields.PATIENT_NAME -> super.getFieldQuery(field, text, quoted);
            case PageFields.MRN, PageFields.ENCOUNTER, PageFields.HOLDS, PageFields.DOCUMENT_ID ->
                    new TermQuery(new Term(field, value));
            case PageFields.DOCUMENT_TYPE, PageFields.FILE_NAME, PageFields.STATUS ->
                    new TermQuery(new Term(field, PageFields.lower(value)));
            case PageFields.SERVICE_DATE, PageFields.BIRTH_DATE -> {
                LocalDate[] span = dateSpan(typedField, value);
                yield LongField.newRangeQuery(field, span[0].toEpochDay(), span[1].toEpochDay());
            }
            case PageFields.PAGE -> IntField.newExactQuery(field, pageNumber(typedField, value));
            default -> throw new IllegalStateException("no query rule for field " + field);
        };
    }

    @Override
    protected Query getFieldQuery(String typedField, String text, int slop) throws ParseException {
        int usual = getPhraseSlop();
        setPhraseSlop(Math.min(slop, MAX_PHRASE_SLOP));
        try {
            return getFieldQuery(typedField, text, true);
        } finally {
            setPhraseSlop(usual);
        }
    }

    @Override
    protected Query getRangeQuery(String typedField, String from, String to, boolean fromInclusive, boolean toInclusive)
            throws ParseException {
        String field = fieldFor(typedField);
        if (PageFields.SERVICE_DATE.equals(field) || PageFields.BIRTH_DATE.equals(field)) {
            long low = Long.MIN_VALUE;
            long high = Long.MAX_VALUE;
            if (from != null) {
                LocalDate[] span = dateSpan(typedField, from);
                low = fromInclusive ? span[0].toEpochDay() : span[1].toEpochDay() + 1;
            }
            if (to != null) {
                LocalDate[] span = dateSpan(typedField, to);
                high = toInclusive ? span[1].toEpochDay() : span[0].toEpochDay() - 1;
            }
            if (from != null && to != null && dateSpan(typedField, from)[0].isAfter(dateSpan(typedField, to)[0])) {
                throw new UserError("The date range " + typedField + ":[" + from + " TO " + to + "] ends before it starts.");
            }
            return LongField.newRangeQuery(field, low, high);
        }
        if (PageFields.PAGE.equals(field)) {
            int low = from == null ? 1 : pageNumber(typedField, from) + (fromInclusive ? 0 : 1);
            int high = to == null ? Integer.MAX_VALUE : pageNumber(typedField, to) - (toInclusive ? 0 : 1);
            return IntField.newRangeQuery(field, low, high);
        }
        throw new UserError("Ranges like [a TO b] work only after date:, born: or page:, as in date:[2024-01-01 TO 2024-06-30].");
    }

    @Override
    protected Query getWildcardQuery(String typedField, String pattern) throws ParseException {
        if ("*".equals(typedField) && "*".equals(pattern)) return MatchAllDocsQuery.INSTANCE;
        checkWildcard(pattern);
        String field = wildcardField(typedField);
        if (isTextField(field)) return super.getWildcardQuery(field, pattern);
        return new WildcardQuery(new Term(field, keywordValue(field, pattern)));
    }

    @Override
    protected Query getPrefixQuery(String typedField, String prefix) throws ParseException {
        checkWildcard(prefix + "*");
        String field = wildcardField(typedField);
        if (isTextField(field)) return super.getPrefixQuery(field, prefix);
        return new PrefixQuery(new Term(field, keywordValue(field, prefix)));
    }

    @Override
    protected Query getFuzzyQuery(String typedField, String word, float similarity) throws ParseException {
        String field = fieldFor(typedField);
        // spelling tolerance (~) makes sense for words only; an MRN or a type must match as written
        if (isTextField(field)) return super.getFuzzyQuery(field, word, similarity);
        return getFieldQuery(typedField, word, false);
    }

    @Override
    protected Query getRegexpQuery(String typedField, String pattern) throws ParseException {
        throw new UserError("Searching with /regular expressions/ is not supported.");
    }

    /** A plain word of page text: the word itself, or its spelling variants and OCR confusions for less. */
    @Override
    protected Query newTermQuery(Term term, float boost) {
        Query query = PageFields.TEXT.equals(term.field()) ? ocrTolerant(List.of(new TermQuery(term)), List.of(term))
                : new TermQuery(term);
        return boost == 1f ? query : new BoostQuery(query, boost);
    }

    /** Words at one position (a word and its one-word synonyms): each forgiving of OCR errors as above. */
    @Override
    protected Query newSynonymQuery(String field, TermAndBoost[] terms) {
        Query synonyms = super.newSynonymQuery(field, terms);
        if (!PageFields.TEXT.equals(field)) return synonyms;
        List<Term> words = new ArrayList<>();
        for (TermAndBoost t : terms) words.add(new Term(field, t.term()));
        return ocrTolerant(List.of(synonyms), words);
    }

    /**
     * The best of: the exact query, each word within one or two edits, each word's OCR confusion key.
     * A disjunction-max rather than a sum, so a page never outranks an exact match by collecting variants.
     */
    private static Query ocrTolerant(List<Query> exact, List<Term> words) {
        List<Query> alternatives = new ArrayList<>(exact);
        for (Term word : words) {
            String text = word.text();
            int length = text.codePointCount(0, text.length());
            if (length >= MIN_FUZZY_LENGTH && text.chars().noneMatch(Character::isDigit)) {
                int edits = length >= LONG_WORD ? 2 : 1;
                alternatives.add(new BoostQuery(new FuzzyQuery(word, edits, 0, FUZZY_EXPANSIONS, true), FUZZY_BOOST));
            }
            if (length >= MIN_FUZZY_LENGTH && text.chars().anyMatch(Character::isLetter)) {
                String key = OcrVariants.fold(text);
                alternatives.add(new BoostQuery(new TermQuery(new Term(word.field(), OcrVariants.MARK + key)), OCR_KEY_BOOST));
                if (!key.equals(text)) {
                    alternatives.add(new BoostQuery(new TermQuery(new Term(word.field(), key)), OCR_KEY_BOOST));
                }
            }
        }
        return alternatives.size() == 1 ? alternatives.getFirst() : new DisjunctionMaxQuery(alternatives, 0f);
    }

    private static boolean isTextField(String field) {
        return PageFields.TEXT.equals(field) || PageFields.PATIENT_NAME.equals(field);
    }

    private static String wildcardField(String typedField) throws UserError {
        String field = fieldFor(typedField);
        if (field == null) return PageFields.TEXT;
        if (PageFields.SERVICE_DATE.equals(field) || PageFields.BIRTH_DATE.equals(field) || PageFields.PAGE.equals(field)) {
            throw new UserError("Wildcards (* and ?) do not work with " + typedField + ":; use a range such as "
                    + typedField + ":[2024-01-01 TO 2024-06-30].");
        }
        return field;
    }

    private static String keywordValue(String field, String value) {
        return switch (field) {
            case PageFields.DOCUMENT_TYPE, PageFields.FILE_NAME, PageFields.STATUS -> PageFields.lower(value);
            default -> value.strip();
        };
    }

    private static void checkWildcard(String pattern) throws UserError {
        int firstWildcard = firstWildcard(pattern);
        if (firstWildcard == 0) {
            throw new UserError("A word cannot start with * or ? (\"" + pattern + "\"): put at least "
                    + MIN_WILDCARD_PREFIX + " letters before the wildcard.");
        }
        if (firstWildcard < MIN_WILDCARD_PREFIX) {
            throw new UserError("\"" + pattern + "\" matches too many words: put at least " + MIN_WILDCARD_PREFIX
                    + " letters before the * or ?.");
        }
    }

    private static int firstWildcard(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') i++;
            else if (c == '*' || c == '?') return i;
        }
        return pattern.length();
    }

    /** The first and last day a typed date covers: 2024 is a year, 2024-03 a month, 2024-03-05 (or 3/5/2024) a day. */
    static LocalDate[] dateSpan(String typedField, String value) throws UserError {
        String v = value.strip();
        try {
            if (v.matches("\\d{4}")) {
                int year = Integer.parseInt(v);
                return new LocalDate[]{LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)};
            }
            if (v.matches("\\d{4}-\\d{1,2}")) {
                YearMonth month = YearMonth.parse(v.length() == 6 ? v.substring(0, 5) + "0" + v.substring(5) : v);
                return new LocalDate[]{month.atDay(1), month.atEndOfMonth()};
            }
            if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
                LocalDate day = LocalDate.parse(v);
                return new LocalDate[]{day, day};
            }
            if (v.matches("\\d{1,2}/\\d{1,2}/\\d{4}")) {
                LocalDate day = LocalDate.parse(v, US_DATE);
                return new LocalDate[]{day, day};
            }
        } catch (DateTimeException e) {
            throw new UserError("\"" + value + "\" after " + typedField + ": is not a real date.");
        }
        throw new UserError("\"" + value + "\" after " + typedField + ": is not a date; write dates as YYYY-MM-DD "
                + "(or YYYY-MM for a month, YYYY for a year).");
    }

    private static int pageNumber(String typedField, String value) throws UserError {
        try {
            int page = Integer.parseInt(value.strip());
            if (page >= 1) return page;
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new UserError("\"" + value + "\" after " + typedField + ": is not a page number.");
    }

    /** A mistake in the query whose message is already written for the person who typed it. */
    static final class UserError extends ParseException {
        UserError(String message) {
            super(message);
        }
    }
}
