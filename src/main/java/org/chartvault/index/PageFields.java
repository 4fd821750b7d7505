package org.chartvault.index;

import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;
import org.chartvault.document.Document;
import org.chartvault.document.Indexing;
import org.chartvault.document.PageContent;

import java.time.LocalDate;
import java.util.Locale;

/**
 * The Lucene schema: one Lucene document per page, carrying the page text and the document-level
 * fields of the document it belongs to. index/README.md has the same table for people.
 */
final class PageFields {
    private PageFields() {
    }

    /** "documentId/page": the unique key of a page, so updateDocument replaces instead of duplicating. */
    static final String ID = "id";
    /** Keyword + doc values: replace/delete a whole document by term, collect ids for holds without stored fields. */
    static final String DOCUMENT_ID = "documentId";
    /** Int point (page: filters) + doc values (sort pages of a document in order) + stored (shown in hits). */
    static final String PAGE = "page";
    /** Analysed, stored, offsets in the postings: the highlighter and hit boxes read offsets without re-analysis. */
    static final String TEXT = "text";
    /** Keyword, stored: an MRN matches exactly or not at all, never by spelling tolerance or prefix of a word. */
    static final String MRN = "mrn";
    /** Analysed (patient:lopez finds "Maria Lopez") and stored for the hit list. */
    static final String PATIENT_NAME = "patientName";
    /** Sorted doc values of the lower-cased patient name, not indexed or stored: results sorted by patient. */
    static final String PATIENT_SORT = "patientSort";
    /** Keyword of the lower-cased type (type: filter ignores case) + the display value stored as typed. */
    static final String DOCUMENT_TYPE = "documentType";
    /** Keyword of the type as letters and digits only ({@link Indexing#typeKey}): leaves protected types out of a search. */
    static final String DOCUMENT_TYPE_KEY = "documentTypeKey";
    /** Long point on the epoch day (date ranges) + doc values (newest first when there are no words) + stored. */
    static final String SERVICE_DATE = "serviceDate";
    /** Long point on the epoch day for born: filters; not stored, hits do not show it. */
    static final String BIRTH_DATE = "birthDate";
    /** Keyword, not stored: encounter:V123 finds the visit; the hit list does not show it. */
    static final String ENCOUNTER = "encounter";
    /** Keyword, one value per legal hold, not stored: hold:&lt;id&gt; lists what a hold covers. */
    static final String HOLDS = "holds";
    /** Lower-cased keyword for file: queries (file:scan_0042*) + the name as uploaded, stored. */
    static final String FILE_NAME = "fileName";
    /** Keyword of the wire value (needs-review ...), stored; status:needs-review finds pages awaiting QA. */
    static final String STATUS = "status";

    /** Stored with offsets in the postings: highlighting needs both the text and where each term sits in it. */
    static final FieldType TEXT_TYPE = textType();

    private static FieldType textType() {
        FieldType type = new FieldType(TextField.TYPE_STORED);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        type.freeze();
        return type;
    }

    static String pageId(String documentId, int page) {
        return documentId + "/" + page;
    }

    /** Lower case with a fixed locale: the same value whatever the server's language setting is. */
    static String lower(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }

    static org.apache.lucene.document.Document pageDocument(Document document, PageContent page) {
        var lucene = new org.apache.lucene.document.Document();
        String documentId = document.documentId();
        lucene.add(new StringField(ID, pageId(documentId, page.number()), Field.Store.NO));
        lucene.add(new KeywordField(DOCUMENT_ID, documentId, Field.Store.YES));
        lucene.add(new IntField(PAGE, page.number(), Field.Store.YES));
        lucene.add(new Field(TEXT, page.text(), TEXT_TYPE));

        Indexing indexing = document.indexing();
        if (indexing.mrn() != null) lucene.add(new StringField(MRN, indexing.mrn(), Field.Store.YES));
        if (indexing.patientName() != null) {
            lucene.add(new TextField(PATIENT_NAME, indexing.patientName(), Field.Store.YES));
            lucene.add(new SortedDocValuesField(PATIENT_SORT, new BytesRef(lower(indexing.patientName()))));
        }
        if (indexing.documentType() != null) {
            lucene.add(new StringField(DOCUMENT_TYPE, lower(indexing.documentType()), Field.Store.NO));
            lucene.add(new StoredField(DOCUMENT_TYPE, indexing.documentType()));
            lucene.add(new StringField(DOCUMENT_TYPE_KEY, Indexing.typeKey(indexing.documentType()), Field.Store.NO));
        }
        if (indexing.serviceDate() != null) {
            lucene.add(new LongField(SERVICE_DATE, indexing.serviceDate().toEpochDay(), Field.Store.YES));
        }
        if (indexing.birthDate() != null) {
            lucene.add(new LongField(BIRTH_DATE, indexing.birthDate().toEpochDay(), Field.Store.NO));
        }
        if (indexing.encounter() != null) lucene.add(new StringField(ENCOUNTER, indexing.encounter(), Field.Store.NO));
        for (String hold : document.holds()) {
            lucene.add(new StringField(HOLDS, hold, Field.Store.NO));
        }
        if (document.fileName() != null && !document.fileName().isBlank()) {
            lucene.add(new StringField(FILE_NAME, lower(document.fileName()), Field.Store.NO));
            lucene.add(new StoredField(FILE_NAME, document.fileName()));
        }
        if (document.status() != null) lucene.add(new StringField(STATUS, document.status().wire(), Field.Store.YES));
        return lucene;
    }

    static LocalDate epochDayOrNull(Number stored) {
        return stored == null ? null : LocalDate.ofEpochDay(stored.longValue());
    }
}
