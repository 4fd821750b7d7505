package org.chartvault.capture;

import org.chartvault.Csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The document types a hospital files, read from CSV ({@code name,loinc,display,keywords}, keywords separated
 * by {@code ;}). The starter list ships as {@code index/document-types.csv} on the classpath; an administrator's
 * own file replaces it.
 */
public final class DocumentTypes {
    /** Where the starter list lives inside the jar (copied from the project's {@code index/} folder). */
    public static final String RESOURCE = "index/document-types.csv";

    private final List<DocumentType> types;

    public DocumentTypes(List<DocumentType> types) {
        if (types.isEmpty()) throw new IllegalArgumentException("The list of document types is empty.");
        Set<String> displays = new HashSet<>(), codes = new HashSet<>();
        for (DocumentType type : types) {
            if (!displays.add(type.display().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("Two document types are called '" + type.display() + "'.");
            }
            if (!codes.add(type.loinc())) {
                throw new IllegalArgumentException("Two document types have the LOINC code " + type.loinc() + ".");
            }
        }
        this.types = List.copyOf(types);
    }

    /** The starter list from the classpath. */
    public static DocumentTypes standard() {
        try (InputStream in = DocumentTypes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            return read(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }

    /** Reads a list in the CSV layout described above; a bad line is an error naming the line. */
    public static DocumentTypes read(Reader csv) throws IOException {
        List<Csv.Row> rows = Csv.rows(csv);
        if (rows.isEmpty() || !rows.get(0).fields().equals(List.of("name", "loinc", "display", "keywords"))) {
            throw new IOException("A document type list starts with the header name,loinc,display,keywords.");
        }
        List<DocumentType> types = new ArrayList<>();
        for (Csv.Row row : rows.subList(1, rows.size())) {
            if (row.fields().size() != 4) throw new IOException("line " + row.line() + ": expected 4 fields, found " + row.fields().size());
            List<String> keywords = Arrays.stream(row.fields().get(3).split(";")).map(String::strip)
                    .filter(k -> !k.isEmpty()).map(k -> k.toUpperCase(Locale.ROOT)).toList();
            try {
                types.add(new DocumentType(row.fields().get(0), row.fields().get(1), row.fields().get(2), keywords));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IOException("line " + row.line() + ": " + e.getMessage());
            }
        }
        try {
            return new DocumentTypes(types);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
    }

    public List<DocumentType> all() {
        return types;
    }

    /**
     * The type a person or a barcode means by {@code value}: its display name, LOINC name, LOINC code or one of
     * its keywords, ignoring case and extra spaces ("operative report", "11504-8", "OPERATIVE NOTE").
     */
    public Optional<DocumentType> resolve(String value) {
        if (value == null || value.isBlank()) return Optional.empty();
        String wanted = value.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        for (DocumentType type : types) {
            if (type.display().toUpperCase(Locale.ROOT).equals(wanted) || type.name().toUpperCase(Locale.ROOT).equals(wanted)
                    || type.loinc().equals(wanted)) {
                return Optional.of(type);
            }
        }
        return types.stream().filter(t -> t.keywords().contains(wanted)).findFirst();
    }
}
