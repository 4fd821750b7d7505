package org.chartvault.capture;

import org.apache.commons.csv.CSVPrinter;
import org.chartvault.Csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
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
 * by {@code ;}, and an optional fifth column {@code retired} holding {@code yes} for a retired type). The starter
 * list ships as {@code index/document-types.csv} on the classpath; an administrator's own file replaces it, and
 * an administrator's additions, renames and retirements are saved in the same layout.
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
        if (types.stream().allMatch(DocumentType::retired)) {
            throw new IllegalArgumentException("At least one document type must stay in use; every type is retired.");
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
        if (rows.isEmpty() || !(rows.get(0).fields().equals(HEADER.subList(0, 4)) || rows.get(0).fields().equals(HEADER))) {
            throw new IOException("A document type list starts with the header name,loinc,display,keywords"
                    + " (and optionally ,retired).");
        }
        int columns = rows.get(0).fields().size();
        List<DocumentType> types = new ArrayList<>();
        for (Csv.Row row : rows.subList(1, rows.size())) {
            if (row.fields().size() != columns) {
                throw new IOException("line " + row.line() + ": expected " + columns + " fields, found " + row.fields().size());
            }
            List<String> keywords = keywords(row.fields().get(3));
            boolean retired = columns == 5 && retired(row.line(), row.fields().get(4));
            try {
                types.add(new DocumentType(row.fields().get(0), row.fields().get(1), row.fields().get(2), keywords, retired));
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

    private static final List<String> HEADER = List.of("name", "loinc", "display", "keywords", "retired");

    /** Keywords as typed (separated by ';'), upper case, blanks dropped. */
    public static List<String> keywords(String typed) {
        if (typed == null) return List.of();
        return Arrays.stream(typed.split(";")).map(String::strip)
                .filter(k -> !k.isEmpty()).map(k -> k.toUpperCase(Locale.ROOT)).toList();
    }

    private static boolean retired(int line, String value) throws IOException {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "", "no" -> false;
            case "yes" -> true;
            default -> throw new IOException("line " + line + ": the retired column holds yes or nothing, not '" + value + "'");
        };
    }

    /** Every type, retired ones included (they stay the type of the documents filed under them). */
    public List<DocumentType> all() {
        return types;
    }

    /** The types that can be given to a new document. */
    public List<DocumentType> inUse() {
        return types.stream().filter(t -> !t.retired()).toList();
    }

    /** The type with this LOINC code, retired or not. */
    public Optional<DocumentType> byCode(String loinc) {
        return types.stream().filter(t -> t.loinc().equals(loinc)).findFirst();
    }

    /** The list in the CSV layout it is read from, with a line saying where it came from. */
    public String csv() {
        StringWriter out = new StringWriter().append("# ChartVault document types, as saved by an administrator.\r\n");
        try (CSVPrinter rows = Csv.writer(out)) {
            rows.printRecord(HEADER);
            for (DocumentType t : types) {
                rows.printRecord(t.name(), t.loinc(), t.display(), String.join(";", t.keywords()), t.retired() ? "yes" : "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * The type in use a person or a barcode means by {@code value}: its display name, LOINC name, LOINC code or
     * one of its keywords, ignoring case and extra spaces ("operative report", "11504-8", "OPERATIVE NOTE").
     * Retired types are not found: nothing new is filed under them.
     */
    public Optional<DocumentType> resolve(String value) {
        return resolve(value, inUse());
    }

    /** As {@link #resolve}, but retired types are found too (to tell "retired" from "unknown"). */
    public Optional<DocumentType> resolveIncludingRetired(String value) {
        return resolve(value, types);
    }

    private static Optional<DocumentType> resolve(String value, List<DocumentType> types) {
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
