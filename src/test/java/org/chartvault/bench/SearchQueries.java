package org.chartvault.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The searches both engines answer, by kind, each written once for ChartVault's API and once for PostgreSQL.
 * Words come from {@link ChartText}'s vocabulary, common and rare, so each kind mixes cheap and expensive searches.
 *
 * @param kind     term, phrase, boolean, fuzzy or filtered
 * @param q        ChartVault's {@code q}
 * @param pgQuery  how PostgreSQL builds the tsquery: plainto_tsquery, phraseto_tsquery, to_tsquery or fuzzy
 *                 (words within two edits from the table of indexed words, through pg_trgm and levenshtein)
 * @param pgText   the argument for {@code pgQuery}
 */
record SearchQueries(String kind, String q, String mrn, String documentType, LocalDate from, LocalDate to,
                     String pgQuery, String pgText) {

    static final List<String> KINDS = List.of("term", "phrase", "boolean", "fuzzy", "filtered");

    /** The query string of {@code GET /api/search}. */
    String httpPath() {
        StringBuilder path = new StringBuilder("/api/search?q=").append(encode(q));
        if (mrn != null) path.append("&mrn=").append(mrn);
        if (documentType != null) path.append("&documentType=").append(encode(documentType));
        if (from != null) path.append("&from=").append(from);
        if (to != null) path.append("&to=").append(to);
        return path.toString();
    }

    /** How the query is shown in the tables. */
    String label() {
        StringBuilder label = new StringBuilder(q);
        if (mrn != null) label.append(" [mrn=").append(mrn).append(']');
        if (documentType != null) label.append(" [").append(documentType.toLowerCase()).append(' ').append(from.getYear()).append(']');
        return label.toString();
    }

    /** Eight queries of each kind. {@code patients} bounds the MRNs used by the filtered ones. */
    static List<SearchQueries> all(long patients) {
        List<SearchQueries> all = new ArrayList<>();
        for (String word : List.of("metoprolol", "apixaban", "thoracentesis", "cholelithiasis", "hyponatremia",
                "pneumonia", "bronchoscopy", ChartText.surname(0).toLowerCase())) {
            all.add(text("term", word, "plainto_tsquery", word));
        }
        for (String phrase : List.of("shortness of breath", "atrial fibrillation", "chronic kidney disease",
                "total knee arthroplasty", "no known drug allergies", "right upper lobe", "ejection fraction",
                "irregularly irregular rhythm")) {
            all.add(text("phrase", "\"" + phrase + "\"", "phraseto_tsquery", phrase));
        }
        String[][] booleans = {
                {"pneumonia AND (ceftriaxone OR azithromycin) NOT sepsis", "pneumonia & (ceftriaxone | azithromycin) & !sepsis"},
                {"diabetes AND metformin NOT insulin", "diabetes & metformin & !insulin"},
                {"(cellulitis OR gout) AND colchicine", "(cellulitis | gout) & colchicine"},
                {"warfarin AND inr NOT apixaban", "warfarin & inr & !apixaban"},
                {"cirrhosis AND (paracentesis OR albumin)", "cirrhosis & (paracentesis | albumin)"},
                {"syncope AND (echocardiogram OR dizziness)", "syncope & (echocardiogram | dizziness)"},
                {"hypothyroidism AND levothyroxine AND tsh", "hypothyroidism & levothyroxine & tsh"},
                {"(delirium OR dementia) AND quetiapine NOT haloperidol", "(delirium | dementia) & quetiapine & !haloperidol"}};
        for (String[] b : booleans) all.add(text("boolean", b[0], "to_tsquery", b[1]));
        for (String typo : List.of("metoprolal", "hypertensoin", "cholecystectomi", "furosemid", "pnuemonia",
                "gabapentim", "levothyroxin", "amlodipene")) {
            all.add(text("fuzzy", typo + "~", "fuzzy", typo));
        }
        String[] words = {"furosemide", "pneumonia", "metformin", "hypertension"};
        for (int i = 0; i < 4; i++) {
            String mrn = ChartText.mrn((patients / 5) * i + 17);
            all.add(new SearchQueries("filtered", words[i], mrn, null, null, null, "plainto_tsquery", words[i]));
        }
        String[][] typed = {{"pneumonia", "DISCHARGE SUMMARY", "2020"}, {"warfarin", "PROGRESS NOTE", "2018"},
                {"cholecystectomy", "OPERATIVE REPORT", "2023"}, {"effusions", "RADIOLOGY REPORT", "2016"}};
        for (String[] t : typed) {
            int year = Integer.parseInt(t[2]);
            all.add(new SearchQueries("filtered", t[0], null, t[1], LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31),
                    "plainto_tsquery", t[0]));
        }
        return all;
    }

    private static SearchQueries text(String kind, String q, String pgQuery, String pgText) {
        return new SearchQueries(kind, q, null, null, null, null, pgQuery, pgText);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
