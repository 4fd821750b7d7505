package org.chartvault.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParserConstants;
import org.apache.lucene.queryparser.classic.Token;
import org.apache.lucene.queryparser.classic.TokenMgrError;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;

import java.util.Set;

/**
 * Turns what a user typed into a Lucene query, or into a {@link BadQueryException} whose message says
 * what to fix. Limits are checked before Lucene sees the text so the messages can be plain.
 */
final class UserQueryParser {

    /** A pasted paragraph fits; anything longer is not a search someone typed. */
    static final int MAX_QUERY_CHARS = 1_000;
    /** Each word becomes several alternatives (synonyms, spelling variants); 40 words stays well inside Lucene's clause limit. */
    static final int MAX_WORDS = 40;

    private static final Set<String> OPERATORS = Set.of("AND", "OR", "NOT", "&&", "||", "!", "+", "-");

    private final Analyzer queryAnalyzer;

    UserQueryParser(Analyzer queryAnalyzer) {
        this.queryAnalyzer = queryAnalyzer;
    }

    static boolean isBlank(String q) {
        return q == null || q.isBlank();
    }

    /** The query for {@code q}; a blank {@code q} matches every page (the filters then do the choosing). */
    Query parse(String q) throws BadQueryException {
        if (isBlank(q)) return MatchAllDocsQuery.INSTANCE;
        String text = q.strip();
        checkShape(text);
        Query parsed;
        try {
            parsed = new ChartQueryParser(queryAnalyzer).parse(escapeSlashes(text));
        } catch (ParseException e) {
            throw new BadQueryException(explain(e, text), e);
        } catch (RuntimeException e) {
            // e.g. a wildcard pattern too complex to compile: still the query's fault, not the server's
            throw new BadQueryException("The search could not be understood. Use plain words, \"phrases\", "
                    + "AND, OR, NOT and field:value.", e);
        }
        if (parsed instanceof BooleanQuery bool && bool.clauses().isEmpty()) {
            throw new BadQueryException("The search has no words or numbers to look for.");
        }
        return allowPureNegation(parsed);
    }

    private static void checkShape(String text) throws BadQueryException {
        if (text.length() > MAX_QUERY_CHARS) {
            throw new BadQueryException("The search is too long (" + text.length() + " characters); the most is "
                    + MAX_QUERY_CHARS + ".");
        }
        long words = text.codePoints().filter(Character::isWhitespace).count() + 1;
        if (words > MAX_WORDS) {
            long realWords = java.util.Arrays.stream(text.split("\\s+")).filter(w -> !OPERATORS.contains(w)).count();
            if (realWords > MAX_WORDS) {
                throw new BadQueryException("The search has " + realWords + " words; the most is " + MAX_WORDS
                        + ". Keep the words that matter most.");
            }
        }
        boolean inQuotes = false;
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                inQuotes = !inQuotes;
            } else if (!inQuotes && c == '(') {
                depth++;
            } else if (!inQuotes && c == ')') {
                if (--depth < 0) {
                    throw new BadQueryException("The search has a closing parenthesis \")\" without an opening one.");
                }
            }
        }
        if (inQuotes) {
            throw new BadQueryException("The search has an opening quote without a closing one: end the phrase with \".");
        }
        if (depth > 0) {
            throw new BadQueryException("The search has an opening parenthesis \"(\" without a closing one.");
        }
    }

    /** "120/80" and "s/p" are chart text, not the start of a regular expression. */
    private static String escapeSlashes(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                out.append(c).append(text.charAt(++i));
            } else if (c == '/') {
                out.append("\\/");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String explain(ParseException e, String text) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ChartQueryParser.UserError userError) return userError.getMessage();
            if (t instanceof IndexSearcher.TooManyClauses) {
                return "The search has too many words or alternatives; use fewer words.";
            }
            if (t instanceof TokenMgrError) {
                return "The search has a character it cannot use there (a \\ at the very end, perhaps).";
            }
            if (t instanceof ParseException grammar && grammar.currentToken != null && grammar.currentToken.next != null) {
                Token next = grammar.currentToken.next;
                if (next.kind == QueryParserConstants.EOF) {
                    String tail = text.length() <= 20 ? text : "…" + text.substring(text.length() - 20);
                    return "The search ends too early, after \"" + tail + "\": a word is missing after AND, OR "
                            + "or NOT, or a value after a field name such as mrn:.";
                }
                return "The search could not be understood at \"" + next.image + "\" (character " + (next.beginColumn + 1)
                        + "). Use plain words, \"phrases\", AND, OR, NOT, field:value and date:[2024-01-01 TO 2024-12-31].";
            }
        }
        return "The search could not be understood. Use plain words, \"phrases\", AND, OR, NOT and field:value.";
    }

    /** "NOT smoker" means every page without the word, which Lucene only does with an explicit match-all. */
    static Query allowPureNegation(Query query) {
        if (query instanceof BoostQuery boost) {
            return new BoostQuery(allowPureNegation(boost.getQuery()), boost.getBoost());
        }
        if (!(query instanceof BooleanQuery bool)) return query;
        BooleanQuery.Builder rebuilt = new BooleanQuery.Builder().setMinimumNumberShouldMatch(bool.getMinimumNumberShouldMatch());
        boolean anyPositive = false;
        for (BooleanClause clause : bool.clauses()) {
            rebuilt.add(allowPureNegation(clause.query()), clause.occur());
            anyPositive |= clause.occur() != BooleanClause.Occur.MUST_NOT;
        }
        if (!anyPositive && !bool.clauses().isEmpty()) rebuilt.add(MatchAllDocsQuery.INSTANCE, BooleanClause.Occur.MUST);
        return rebuilt.build();
    }
}
