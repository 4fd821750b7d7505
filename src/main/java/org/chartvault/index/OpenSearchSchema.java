package org.chartvault.index;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.chartvault.document.Document;
import org.chartvault.document.Indexing;
import org.chartvault.document.PageContent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The OpenSearch index that holds the same pages as the embedded one: the same fields as {@link PageFields} (same
 * names, so a translated query needs no renaming) and {@link TextAnalysis} written as index settings. The OCR
 * confusion keys of {@link OcrVariants} are a multiplexer whose second branch, only for words that have a key, folds
 * rn→m, vv→w and (in words with letters) 0→o, 1→l and marks the result, stacked at the word's position as the
 * embedded filter does.
 */
final class OpenSearchSchema {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OpenSearchSchema() {
    }

    /** Which fields and analysis an index carries; an index with another number is rebuilt from storage. */
    static final int SCHEMA = 1;
    /** The analyzer that expands one-word synonyms at query time (see {@link OpenSearchQueries}). */
    static final String SYNONYMS_ANALYZER = "chart_synonyms";
    /** Stored only, for the hit list: the document type as typed (the searchable one is lower-cased). */
    static final String DOCUMENT_TYPE_SHOWN = "documentTypeShown";
    /** Stored only, for the hit list: the file name as uploaded (the searchable one is lower-cased). */
    static final String FILE_NAME_SHOWN = "fileNameShown";
    /** The document record's version the page was written from: a late write of an older version loses. */
    static final String DOCUMENT_VERSION = "documentVersion";

    /** Same as {@link OcrVariants#fold} differing from the word, for words of {@link OcrVariants#MIN_INDEX_LENGTH}+. */
    private static final String HAS_OCR_KEY = """
            String t = token.getTerm().toString();
            if (t.length() < %d) return false;
            boolean letter = false;
            for (int i = 0; i < t.length(); ++i) { if (Character.isLetter(t.charAt(i))) { letter = true; break; } }
            return t.contains('rn') || t.contains('vv') || (letter && (t.indexOf('0') >= 0 || t.indexOf('1') >= 0));
            """.formatted(OcrVariants.MIN_INDEX_LENGTH);
    private static final String HAS_LETTER = """
            String t = token.getTerm().toString();
            for (int i = 0; i < t.length(); ++i) { if (Character.isLetter(t.charAt(i))) return true; }
            return false;
            """;

    /** Settings and mappings of a new index. */
    static ObjectNode newIndex() throws IOException {
        ObjectNode body = JSON.objectNode();
        ObjectNode settings = body.putObject("settings");
        ObjectNode index = settings.putObject("index");
        // one shard: term statistics (and so the ranking) over all pages, as in the embedded index
        index.put("number_of_shards", 1);
        index.put("number_of_replicas", 0);
        index.put("refresh_interval", LuceneSearchIndex.REFRESH_INTERVAL_MS + "ms");
        index.put("max_result_window", LuceneSearchIndex.MAX_RESULT_WINDOW);
        ObjectNode analysis = settings.putObject("analysis");
        analysis.putObject("char_filter").putObject("joined_by_punctuation")
                .put("type", "pattern_replace")
                .put("pattern", "(?<=\\p{L})[:.](?=\\p{L})")
                .put("replacement", " ");
        ObjectNode filters = analysis.putObject("filter");
        filters.putObject("possessive").put("type", "stemmer").put("language", "possessive_english");
        ObjectNode synonyms = filters.putObject("chart_synonym_list").put("type", "synonym_graph").put("expand", true);
        ArrayNode lines = synonyms.putArray("synonyms");
        for (String line : synonymLines()) lines.add(line);
        filters.set("ocr_rn", replace("rn", "m"));
        filters.set("ocr_vv", replace("vv", "w"));
        filters.set("ocr_zero", replace("0", "o"));
        filters.set("ocr_one", replace("1", "l"));
        filters.set("ocr_mark", replace("^", String.valueOf(OcrVariants.MARK)));
        filters.set("ocr_digits", condition(HAS_LETTER, "ocr_zero", "ocr_one"));
        filters.set("ocr_key", condition(HAS_OCR_KEY, "ocr_rn", "ocr_vv", "ocr_digits", "ocr_mark"));
        ObjectNode multiplexer = filters.putObject("ocr_variants").put("type", "multiplexer").put("preserve_original", true);
        multiplexer.putArray("filters").add("ocr_key");
        ObjectNode analyzers = analysis.putObject("analyzer");
        analyzers.set("chart_text", analyzer("possessive", "lowercase", "asciifolding", "ocr_variants"));
        analyzers.set("chart_name", analyzer("possessive", "lowercase", "asciifolding"));
        analyzers.set(SYNONYMS_ANALYZER, analyzer("possessive", "lowercase", "asciifolding", "chart_synonym_list"));
        analyzers.putObject("chart_exact").put("type", "custom").put("tokenizer", "keyword");

        ObjectNode mappings = body.putObject("mappings");
        mappings.put("dynamic", "strict");
        mappings.putObject("_meta").put("chartvaultSchema", SCHEMA);
        ObjectNode fields = mappings.putObject("properties");
        // OpenSearch scores a term query on a keyword field as a constant; Lucene scores a keyword (StringField) by
        // how rare the value is. Fields searched with field:value are therefore whole-value text fields (no norms,
        // documents only: a StringField's postings), which OpenSearch scores as Lucene does; a keyword beside them
        // where sorting or collecting needs doc values
        fields.set(PageFields.DOCUMENT_ID, exact().set("fields", JSON.objectNode().set("key", keyword())));
        fields.set(PageFields.PAGE, JSON.objectNode().put("type", "integer"));
        fields.set(PageFields.TEXT, JSON.objectNode().put("type", "text").put("analyzer", "chart_text"));
        fields.set(PageFields.MRN, exact());
        fields.set(PageFields.PATIENT_NAME, JSON.objectNode().put("type", "text").put("analyzer", "chart_name"));
        fields.set(PageFields.PATIENT_SORT, keyword().put("index", false));
        fields.set(PageFields.DOCUMENT_TYPE, exact());
        fields.set(DOCUMENT_TYPE_SHOWN, keyword().put("index", false).put("doc_values", false));
        fields.set(PageFields.DOCUMENT_TYPE_KEY, keyword());
        fields.set(PageFields.SERVICE_DATE, JSON.objectNode().put("type", "long"));
        fields.set(PageFields.BIRTH_DATE, JSON.objectNode().put("type", "long"));
        fields.set(PageFields.ENCOUNTER, exact());
        fields.set(PageFields.HOLDS, exact());
        fields.set(PageFields.FILE_NAME, exact());
        fields.set(FILE_NAME_SHOWN, keyword().put("index", false).put("doc_values", false));
        fields.set(PageFields.STATUS, exact());
        fields.set(DOCUMENT_VERSION, JSON.objectNode().put("type", "long"));
        return body;
    }

    /** The source of one page: the same values {@link PageFields#pageDocument} indexes. */
    static ObjectNode page(Document document, PageContent page) {
        ObjectNode source = JSON.objectNode();
        source.put(PageFields.DOCUMENT_ID, document.documentId());
        source.put(PageFields.PAGE, page.number());
        source.put(PageFields.TEXT, page.text());
        source.put(DOCUMENT_VERSION, document.version());
        Indexing indexing = document.indexing();
        if (indexing.mrn() != null) source.put(PageFields.MRN, indexing.mrn());
        if (indexing.patientName() != null) {
            source.put(PageFields.PATIENT_NAME, indexing.patientName());
            source.put(PageFields.PATIENT_SORT, PageFields.lower(indexing.patientName()));
        }
        if (indexing.documentType() != null) {
            source.put(PageFields.DOCUMENT_TYPE, PageFields.lower(indexing.documentType()));
            source.put(DOCUMENT_TYPE_SHOWN, indexing.documentType());
            source.put(PageFields.DOCUMENT_TYPE_KEY, Indexing.typeKey(indexing.documentType()));
        }
        if (indexing.serviceDate() != null) source.put(PageFields.SERVICE_DATE, indexing.serviceDate().toEpochDay());
        if (indexing.birthDate() != null) source.put(PageFields.BIRTH_DATE, indexing.birthDate().toEpochDay());
        if (indexing.encounter() != null) source.put(PageFields.ENCOUNTER, indexing.encounter());
        ArrayNode holds = source.putArray(PageFields.HOLDS);
        for (String hold : document.holds()) holds.add(hold);
        if (document.fileName() != null && !document.fileName().isBlank()) {
            source.put(PageFields.FILE_NAME, PageFields.lower(document.fileName()));
            source.put(FILE_NAME_SHOWN, document.fileName());
        }
        if (document.status() != null) source.put(PageFields.STATUS, document.status().wire());
        return source;
    }

    /** The keyword of {@link #DOCUMENT_ID} that sorts and is collected (doc values). */
    static final String DOCUMENT_ID_KEY = PageFields.DOCUMENT_ID + ".key";

    /** A whole value as one term, scored like Lucene's StringField. */
    private static ObjectNode exact() {
        return JSON.objectNode().put("type", "text").put("analyzer", "chart_exact").put("norms", false)
                .put("index_options", "docs");
    }

    private static ObjectNode keyword() {
        return JSON.objectNode().put("type", "keyword");
    }

    private static ObjectNode replace(String pattern, String replacement) {
        return JSON.objectNode().put("type", "pattern_replace").put("pattern", pattern).put("replacement", replacement);
    }

    private static ObjectNode condition(String script, String... filters) {
        ObjectNode node = JSON.objectNode().put("type", "condition");
        ArrayNode list = node.putArray("filter");
        for (String f : filters) list.add(f);
        node.putObject("script").put("source", script);
        return node;
    }

    private static ObjectNode analyzer(String... filters) {
        ObjectNode node = JSON.objectNode().put("type", "custom").put("tokenizer", "standard");
        node.putArray("char_filter").add("joined_by_punctuation");
        ArrayNode list = node.putArray("filter");
        for (String f : filters) list.add(f);
        return node;
    }

    /** The packaged synonym list without comments and blank lines, as OpenSearch's synonym filter takes it inline. */
    private static List<String> synonymLines() throws IOException {
        try (InputStream in = OpenSearchSchema.class.getClassLoader().getResourceAsStream(TextAnalysis.SYNONYMS_RESOURCE)) {
            if (in == null) throw new IOException("The synonym list " + TextAnalysis.SYNONYMS_RESOURCE + " is missing from the classpath");
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }
}
