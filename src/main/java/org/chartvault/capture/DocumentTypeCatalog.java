package org.chartvault.capture;

import org.chartvault.Refusal;

import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The document types in force: the administrator's list when one was saved ({@code settings/document-types.csv}
 * in the object store, so every node sees the same), else the starter list shipped in {@code index/}. Everywhere
 * a type is given (upload, correction, FHIR) it is accepted by its name, any case, or its LOINC code, and filed
 * under its display name.
 */
public final class DocumentTypeCatalog {
    static final String KEY = "settings/document-types.csv";

    private final ObjectStore store;

    public DocumentTypeCatalog(ObjectStore store) {
        this.store = store;
    }

    public DocumentTypes current() throws IOException {
        try {
            return DocumentTypes.read(new StringReader(new String(store.getBytes(KEY), StandardCharsets.UTF_8)));
        } catch (ObjectNotFoundException e) {
            return DocumentTypes.standard();
        }
    }

    /** The list as CSV, as an administrator downloads and edits it. */
    public String csv() throws IOException {
        try {
            return new String(store.getBytes(KEY), StandardCharsets.UTF_8);
        } catch (ObjectNotFoundException e) {
            try (var in = DocumentTypes.class.getClassLoader().getResourceAsStream(DocumentTypes.RESOURCE)) {
                if (in == null) throw new IllegalStateException(DocumentTypes.RESOURCE + " is missing from the classpath");
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /** Replaces the list; refused with the reason (naming the line) when the CSV is not a valid list. */
    public DocumentTypes replace(String csv) throws IOException, InvalidTypeListException {
        DocumentTypes parsed;
        try {
            parsed = DocumentTypes.read(new StringReader(csv));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidTypeListException("The list was not saved: " + e.getMessage());
        }
        store.put(KEY, csv.getBytes(StandardCharsets.UTF_8), "text/csv");
        return parsed;
    }

    /** The type named {@code value} (display name or LOINC name, any case, or LOINC code). */
    public Optional<DocumentType> resolve(String value) throws IOException {
        return value == null ? Optional.empty() : current().resolve(value);
    }

    /** A list an administrator sent that cannot be used; the message says which line and why. */
    public static final class InvalidTypeListException extends Exception implements Refusal {
        public InvalidTypeListException(String message) {
            super(message);
        }

        @Override
        public Kind kind() {
            return Kind.INVALID;
        }

        @Override
        public String code() {
            return "bad-document-types";
        }
    }
}
