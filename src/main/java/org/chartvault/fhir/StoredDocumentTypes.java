package org.chartvault.fhir;

import org.chartvault.storage.ObjectInfo;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The document type list an administrator edits: a CSV in the layout of {@code index/document-types.csv}
 * ({@code name,loinc,display,keywords}, keywords separated by ';', '#' starts a comment line). The starter list
 * from the jar applies until an administrator saves one of their own, which then lives in the object store
 * like every other setting, so every node reads the same list.
 */
public final class StoredDocumentTypes implements DocumentTypeCodes {
    /** Where the starter list lives inside the jar (copied from the project's {@code index/} folder). */
    public static final String STARTER_RESOURCE = "index/document-types.csv";
    /** The administrator's list; absent until they save one. */
    static final String KEY = "settings/document-types.csv";
    // a hospital's list is dozens of rows; a file far bigger than this is a mistake, not a list
    private static final int MAX_CSV_BYTES = 256 * 1024;
    private static final List<String> HEADER = List.of("name", "loinc", "display", "keywords");

    private final ObjectStore store;
    private final DocumentTypeList starter;
    /** The administrator's list as last read, with the checksum it had: reread whenever the stored one differs. */
    private volatile Parsed lastRead;

    private record Parsed(String sha256, DocumentTypeList list) {
    }

    public StoredDocumentTypes(ObjectStore store) {
        this.store = store;
        this.starter = readStarter();
    }

    @Override
    public DocumentTypeList current() throws IOException {
        Optional<ObjectInfo> saved = store.stat(KEY);
        if (saved.isEmpty()) return starter;
        Parsed cached = lastRead;
        if (cached != null && cached.sha256().equals(saved.get().sha256())) return cached.list();
        byte[] csv = store.getBytes(KEY);
        Parsed parsed = new Parsed(saved.get().sha256(), new DocumentTypeList(parse(new String(csv, StandardCharsets.UTF_8))));
        lastRead = parsed;
        return parsed.list();
    }

    /** The list as CSV, as an administrator would download it to edit. */
    public String csv() throws IOException {
        if (store.exists(KEY)) return new String(store.getBytes(KEY), StandardCharsets.UTF_8);
        try (InputStream in = resource()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Replaces the list with the administrator's CSV after checking every row; a bad row is refused with an
     * {@link IllegalArgumentException} naming its line, and the list in use stays as it was.
     */
    public DocumentTypeList replace(String csv) throws IOException {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_CSV_BYTES) {
            throw new IllegalArgumentException("The list is larger than " + MAX_CSV_BYTES / 1024 + " KiB; a document type list is a few dozen rows.");
        }
        List<DocumentTypeCode> types = parse(csv);
        store.put(KEY, bytes, "text/csv");
        return new DocumentTypeList(types);
    }

    private static DocumentTypeList readStarter() {
        try (InputStream in = resource()) {
            return new DocumentTypeList(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + STARTER_RESOURCE, e);
        }
    }

    private static InputStream resource() throws IOException {
        InputStream in = StoredDocumentTypes.class.getClassLoader().getResourceAsStream(STARTER_RESOURCE);
        if (in == null) throw new IOException(STARTER_RESOURCE + " is missing from the build");
        return in;
    }

    /** Reads and checks a whole list: the header, four fields a row, unique codes and unique names. */
    static List<DocumentTypeCode> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        String[] physical = csv.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        for (int i = 0; i < physical.length; i++) {
            String line = physical[i];
            if (line.isBlank() || line.stripLeading().startsWith("#")) continue;
            rows.add(fields(line, i + 1));
            lines.add(i + 1);
        }
        if (rows.isEmpty() || !rows.get(0).equals(HEADER)) {
            throw new IllegalArgumentException("A document type list starts with the header name,loinc,display,keywords.");
        }
        List<DocumentTypeCode> types = new ArrayList<>();
        Set<String> codes = new HashSet<>(), names = new HashSet<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> f = rows.get(r);
            int line = lines.get(r);
            if (f.size() != 4) throw new IllegalArgumentException("Line " + line + ": expected 4 fields, found " + f.size() + ".");
            List<String> keywords = java.util.Arrays.stream(f.get(3).split(";")).map(String::strip)
                    .filter(k -> !k.isEmpty()).map(k -> k.toUpperCase(Locale.ROOT)).toList();
            DocumentTypeCode type;
            try {
                type = new DocumentTypeCode(f.get(0), f.get(1), f.get(2), keywords);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Line " + line + ": " + e.getMessage());
            }
            if (!codes.add(type.loinc())) {
                throw new IllegalArgumentException("Line " + line + ": the LOINC code " + type.loinc() + " is listed twice.");
            }
            if (!names.add(type.display().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("Line " + line + ": two document types are called '" + type.display() + "'.");
            }
            types.add(type);
        }
        if (types.isEmpty()) throw new IllegalArgumentException("The list holds no document types.");
        return List.copyOf(types);
    }

    /** The fields of one line: comma-separated, a field in double quotes may hold commas and doubled quotes. */
    private static List<String> fields(String line, int number) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank()) {
                quoted = true;
                field.setLength(0);
            } else if (c == ',') {
                fields.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) throw new IllegalArgumentException("Line " + number + ": a quoted field is not closed.");
        fields.add(field.toString().strip());
        return fields;
    }
}
