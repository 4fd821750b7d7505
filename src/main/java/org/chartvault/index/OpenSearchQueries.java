package org.chartvault.index;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexOrDocValuesQuery;
import org.apache.lucene.search.IndexSortSortedNumericDocValuesRangeQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PointRangeQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.queries.spans.SpanNearQuery;
import org.apache.lucene.queries.spans.SpanOrQuery;
import org.apache.lucene.queries.spans.SpanQuery;
import org.apache.lucene.queries.spans.SpanTermQuery;

/**
 * ChartVault's parsed query (the Lucene query {@link UserQueryParser} builds, terms already analyzed: synonyms
 * expanded, OCR keys and spelling tolerance added) written as OpenSearch query DSL, so both engines look for the
 * same terms with the same structure and weights. Nothing is analyzed again on OpenSearch's side, except:
 * a phrase is sent as its terms separated by spaces through the {@code whitespace} analyzer (the same terms at the
 * same positions), and a group of one-word synonyms is sent through the index's {@code chart_synonyms} analyzer,
 * which builds the same blended synonym query from the same synonym list.
 */
final class OpenSearchQueries {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OpenSearchQueries() {
    }

    /** The DSL of {@code query}; a query kind ChartVault's parser never builds is a bug, not a user's mistake. */
    static ObjectNode of(Query query) {
        return switch (query) {
            case MatchAllDocsQuery all -> single("match_all", JSON.objectNode());
            case MatchNoDocsQuery none -> single("match_none", JSON.objectNode());
            case TermQuery term -> term(term.getTerm());
            case BoostQuery boost -> boosted(of(boost.getQuery()), boost.getBoost());
            case ConstantScoreQuery constant -> single("constant_score",
                    JSON.objectNode().set("filter", of(constant.getQuery())));
            case BooleanQuery bool -> bool(bool);
            case DisjunctionMaxQuery dismax -> disMax(dismax);
            case FuzzyQuery fuzzy -> fuzzy(fuzzy);
            case SynonymQuery synonyms -> synonyms(synonyms);
            case PhraseQuery phrase -> phrase(phrase);
            case MultiPhraseQuery phrase -> multiPhrase(phrase);
            case SpanQuery span -> span(span);
            case WildcardQuery wildcard -> fieldValue("wildcard", wildcard.getTerm());
            case PrefixQuery prefix -> fieldValue("prefix", prefix.getPrefix());
            case IndexOrDocValuesQuery either -> of(either.getIndexQuery());
            case IndexSortSortedNumericDocValuesRangeQuery sorted -> of(sorted.getFallbackQuery());
            case PointRangeQuery range -> range(range);
            default -> throw new IllegalStateException("No OpenSearch form for the query kind "
                    + query.getClass().getSimpleName() + " (" + query + ")");
        };
    }

    static ObjectNode single(String name, ObjectNode body) {
        ObjectNode node = JSON.objectNode();
        node.set(name, body);
        return node;
    }

    static ObjectNode term(Term term) {
        return term(term.field(), term.text());
    }

    static ObjectNode term(String field, String value) {
        return single("term", JSON.objectNode().put(field, value));
    }

    /** A bool with one required clause scores exactly as that clause, so its boost is the clause's boost. */
    private static ObjectNode boosted(ObjectNode inner, float boost) {
        ObjectNode bool = JSON.objectNode();
        bool.putArray("must").add(inner);
        bool.put("boost", boost);
        return single("bool", bool);
    }

    private static ObjectNode bool(BooleanQuery query) {
        ObjectNode bool = JSON.objectNode();
        for (BooleanClause clause : query.clauses()) {
            String occur = switch (clause.occur()) {
                case MUST -> "must";
                case SHOULD -> "should";
                case FILTER -> "filter";
                case MUST_NOT -> "must_not";
            };
            ArrayNode list = bool.has(occur) ? (ArrayNode) bool.get(occur) : bool.putArray(occur);
            list.add(of(clause.query()));
        }
        if (query.getMinimumNumberShouldMatch() > 0) bool.put("minimum_should_match", query.getMinimumNumberShouldMatch());
        else if (bool.has("should") && (bool.has("must") || bool.has("filter"))) bool.put("minimum_should_match", 0);
        if (!bool.has("must") && !bool.has("should") && !bool.has("filter")) {
            // Lucene: a query of exclusions only matches nothing (the parser adds match-all where it means "all")
            return single("match_none", JSON.objectNode());
        }
        return single("bool", bool);
    }

    private static ObjectNode disMax(DisjunctionMaxQuery query) {
        ObjectNode body = JSON.objectNode();
        ArrayNode queries = body.putArray("queries");
        for (Query q : query.getDisjuncts()) queries.add(of(q));
        body.put("tie_breaker", query.getTieBreakerMultiplier());
        return single("dis_max", body);
    }

    private static ObjectNode fuzzy(FuzzyQuery query) {
        Term term = query.getTerm();
        ObjectNode body = JSON.objectNode()
                .put("value", term.text())
                .put("fuzziness", query.getMaxEdits())
                .put("prefix_length", query.getPrefixLength())
                .put("max_expansions", ChartQueryParser.FUZZY_EXPANSIONS)
                .put("transpositions", query.getTranspositions());
        return single("fuzzy", JSON.objectNode().set(term.field(), body));
    }

    private static ObjectNode synonyms(SynonymQuery query) {
        // the first term of a synonym group, analyzed by the same synonym list, gives back the same group
        ObjectNode body = JSON.objectNode()
                .put("query", query.getTerms().getFirst().text())
                .put("analyzer", OpenSearchSchema.SYNONYMS_ANALYZER);
        return single("match", JSON.objectNode().set(query.getField(), body));
    }

    private static ObjectNode phrase(PhraseQuery query) {
        Term[] terms = query.getTerms();
        int[] positions = query.getPositions();
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] != positions[0] + i) {
                // not seen from ChartVault's analysis (no stop words); spans keep the gaps exact enough
                SpanQuery[] clauses = new SpanQuery[terms.length];
                for (int j = 0; j < terms.length; j++) clauses[j] = new SpanTermQuery(terms[j]);
                return span(new SpanNearQuery(clauses, query.getSlop(), true));
            }
        }
        StringBuilder words = new StringBuilder();
        for (Term term : terms) words.append(words.isEmpty() ? "" : " ").append(term.text());
        ObjectNode body = JSON.objectNode()
                .put("query", words.toString())
                .put("analyzer", "whitespace")
                .put("slop", query.getSlop());
        String field = terms.length == 0 ? PageFields.TEXT : terms[0].field();
        return single("match_phrase", JSON.objectNode().set(field, body));
    }

    /** A phrase with several words at one position (a one-word synonym inside quotes): spans, in order. */
    private static ObjectNode multiPhrase(MultiPhraseQuery query) {
        Term[][] arrays = query.getTermArrays();
        SpanQuery[] clauses = new SpanQuery[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            SpanQuery[] alternatives = new SpanQuery[arrays[i].length];
            for (int j = 0; j < arrays[i].length; j++) alternatives[j] = new SpanTermQuery(arrays[i][j]);
            clauses[i] = alternatives.length == 1 ? alternatives[0] : new SpanOrQuery(alternatives);
        }
        return span(new SpanNearQuery(clauses, query.getSlop(), true));
    }

    private static ObjectNode span(SpanQuery query) {
        return switch (query) {
            case SpanTermQuery term -> single("span_term",
                    JSON.objectNode().put(term.getTerm().field(), term.getTerm().text()));
            case SpanOrQuery or -> {
                ObjectNode body = JSON.objectNode();
                ArrayNode clauses = body.putArray("clauses");
                for (SpanQuery clause : or.getClauses()) clauses.add(span(clause));
                yield single("span_or", body);
            }
            case SpanNearQuery near -> {
                ObjectNode body = JSON.objectNode();
                ArrayNode clauses = body.putArray("clauses");
                for (SpanQuery clause : near.getClauses()) clauses.add(span(clause));
                body.put("slop", near.getSlop()).put("in_order", near.isInOrder());
                yield single("span_near", body);
            }
            default -> throw new IllegalStateException("No OpenSearch form for the span query " + query);
        };
    }

    private static ObjectNode fieldValue(String kind, Term term) {
        return single(kind, JSON.objectNode().set(term.field(), JSON.objectNode().put("value", term.text())));
    }

    private static ObjectNode range(PointRangeQuery query) {
        if (query.getNumDims() != 1) throw new IllegalStateException("No OpenSearch form for " + query);
        ObjectNode bounds = JSON.objectNode();
        if (query.getBytesPerDim() == Long.BYTES) {
            long low = LongPoint.decodeDimension(query.getLowerPoint(), 0);
            long high = LongPoint.decodeDimension(query.getUpperPoint(), 0);
            if (low != Long.MIN_VALUE) bounds.put("gte", low);
            if (high != Long.MAX_VALUE) bounds.put("lte", high);
        } else {
            int low = IntPoint.decodeDimension(query.getLowerPoint(), 0);
            int high = IntPoint.decodeDimension(query.getUpperPoint(), 0);
            if (low != Integer.MIN_VALUE) bounds.put("gte", low);
            if (high != Integer.MAX_VALUE) bounds.put("lte", high);
        }
        return single("range", JSON.objectNode().set(query.getField(), bounds));
    }
}
