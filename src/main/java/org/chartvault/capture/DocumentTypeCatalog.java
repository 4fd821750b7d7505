package org.chartvault.capture;

import org.chartvault.Refusal;
import org.chartvault.storage.Locks;

import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;
import org.chartvault.storage.SharedSetting;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The document types in force: the administrator's list when one was saved ({@code settings/document-types.csv}
 * in the object store, so every node sees the same), else the starter list shipped in {@code index/}. Everywhere
 * a type is given (upload, correction, FHIR) it is accepted by its name, any case, or its LOINC code, and filed
 * under its display name. An administrator adds, renames and retires types one at a time; each change reads
 * the list, changes it and saves it under one lock, so two administrators' changes made at once are both kept.
 * Every upload and FHIR search reads the list, so each node keeps it in memory and checks the store for a change at
 * most once a {@code recheck} ({@link SharedSetting}).
 */
public final class DocumentTypeCatalog {
    static final String KEY = "settings/document-types.csv";
    private static final String LOCK = "settings:document-types";

    private final ObjectStore store;
    private final SharedSetting<DocumentTypes> stored;
    private final Locks locks;

    public DocumentTypeCatalog(ObjectStore store, Locks locks, Duration recheck) {
        this.store = store;
        this.stored = new SharedSetting<>(store, KEY,
                bytes -> DocumentTypes.read(new StringReader(new String(bytes, StandardCharsets.UTF_8))),
                DocumentTypes::standard, recheck);
        this.locks = locks;
    }

    public DocumentTypes current() throws IOException {
        return stored.get();
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
        try (Locks.Held held = locks.hold(List.of(LOCK))) {
            stored.save(parsed, csv.getBytes(StandardCharsets.UTF_8), "text/csv");
            return parsed;
        }
    }

    /**
     * Adds a type in use. Refused when its LOINC code or its name is taken (retired types included: bring a
     * retired type back instead of adding it again).
     */
    public DocumentType add(DocumentType type) throws IOException, InvalidTypeListException, TypeExistsException {
        try (Locks.Held held = locks.hold(List.of(LOCK))) {
            DocumentTypes now = stored.fresh(); // another node may have changed it a moment ago
            Optional<DocumentType> sameCode = now.byCode(type.loinc());
            if (sameCode.isPresent()) {
                throw new TypeExistsException("The LOINC code " + type.loinc() + " is already the type '"
                        + sameCode.get().display() + "'" + (sameCode.get().retired() ? " (retired; bring it back instead)" : "") + ".");
            }
            Optional<DocumentType> sameName = now.all().stream()
                    .filter(t -> t.display().equalsIgnoreCase(type.display().strip())).findFirst();
            if (sameName.isPresent()) {
                throw new TypeExistsException("There is already a document type called '" + sameName.get().display()
                        + "' (" + sameName.get().loinc() + ").");
            }
            List<DocumentType> next = new ArrayList<>(now.all());
            next.add(new DocumentType(type.name().strip(), type.loinc(), type.display().strip(), type.keywords(), false));
            save(next);
            return next.get(next.size() - 1);
        }
    }

    /** What an administrator changes about one type; null leaves a value as it is. */
    public record Change(String name, String display, List<String> keywords, Boolean retired) {
    }

    /**
     * Renames, re-words or retires (or brings back) the type with this LOINC code. Documents filed under its old
     * name keep that name. Empty when there is no such type.
     */
    public Optional<DocumentType> change(String loinc, Change change)
            throws IOException, InvalidTypeListException, TypeExistsException {
        try (Locks.Held held = locks.hold(List.of(LOCK))) {
            DocumentTypes now = stored.fresh(); // another node may have changed it a moment ago
            Optional<DocumentType> found = now.byCode(loinc);
            if (found.isEmpty()) return Optional.empty();
            DocumentType old = found.get();
            String display = change.display() == null ? old.display() : change.display().strip();
            if (!display.equalsIgnoreCase(old.display())) {
                Optional<DocumentType> taken = now.all().stream().filter(t -> t.display().equalsIgnoreCase(display)).findFirst();
                if (taken.isPresent()) {
                    throw new TypeExistsException("There is already a document type called '" + taken.get().display()
                            + "' (" + taken.get().loinc() + ").");
                }
            }
            DocumentType changed;
            try {
                changed = new DocumentType(change.name() == null ? old.name() : change.name().strip(), old.loinc(), display,
                        change.keywords() == null ? old.keywords() : change.keywords(),
                        change.retired() == null ? old.retired() : change.retired());
            } catch (IllegalArgumentException e) {
                throw new InvalidTypeListException(e.getMessage());
            }
            List<DocumentType> next = new ArrayList<>();
            for (DocumentType t : now.all()) next.add(t.loinc().equals(loinc) ? changed : t);
            save(next);
            return Optional.of(changed);
        }
    }

    private void save(List<DocumentType> types) throws IOException, InvalidTypeListException {
        DocumentTypes list;
        try {
            list = new DocumentTypes(types);
        } catch (IllegalArgumentException e) {
            throw new InvalidTypeListException(e.getMessage());
        }
        stored.save(list, list.csv().getBytes(StandardCharsets.UTF_8), "text/csv");
    }

    /** The type named {@code value} (display name or LOINC name, any case, or LOINC code), if it is in use. */
    public Optional<DocumentType> resolve(String value) throws IOException {
        return value == null ? Optional.empty() : current().resolve(value);
    }

    /** A list an administrator sent that cannot be used; the message says which line and why. */
    public static final class InvalidTypeListException extends Exception implements Refusal.Invalid {
        public InvalidTypeListException(String message) {
            super(message);
        }

        @Override
        public String code() {
            return "bad-document-types";
        }
    }

    /** A type added or renamed to a code or name another type already has. */
    public static final class TypeExistsException extends Exception implements Refusal.Conflict {
        public TypeExistsException(String message) {
            super(message);
        }

        @Override
        public String code() {
            return "document-type-exists";
        }
    }
}
