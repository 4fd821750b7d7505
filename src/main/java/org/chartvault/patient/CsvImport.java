package org.chartvault.patient;

import org.chartvault.Csv;

import java.io.IOException;
import java.io.Reader;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads patients from a registration system's CSV export with the header
 * {@code mrn,last_name,first_name,birth_date,sex} (columns in any order, extra columns ignored). A row that
 * cannot be used is refused with its line number and reason; the other rows are imported. Rows for a known MRN
 * update that patient.
 */
public final class CsvImport {
    static final List<String> COLUMNS = List.of("mrn", "last_name", "first_name", "birth_date", "sex");

    /** A row left out, and why, in words for the person who made the file. */
    public record RefusedRow(int line, String mrn, String reason) {
    }

    /** What an import did. */
    public record Report(int created, int updated, int unchanged, List<RefusedRow> refused) {
        public Report {
            refused = List.copyOf(refused);
        }
    }

    private final PatientRegistry registry;

    public CsvImport(PatientRegistry registry) {
        this.registry = registry;
    }

    /**
     * Imports every usable row. A file without the required header is refused as a whole
     * ({@link IllegalArgumentException}); a broken quote stops the import where it is ({@link IOException}).
     */
    public Report importCsv(Reader csv, String source) throws IOException {
        try (Csv.RowReader reader = Csv.reader(csv)) {
            return importRows(reader, source);
        }
    }

    private Report importRows(Csv.RowReader reader, String source) throws IOException {
        Csv.Row header = reader.next();
        if (header == null) throw new IllegalArgumentException("The patient file is empty.");
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.fields().size(); i++) {
            columns.put(header.fields().get(i).replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT), i);
        }
        List<String> missing = COLUMNS.stream().filter(c -> !columns.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("The patient file's first line must name the columns "
                    + String.join(",", COLUMNS) + "; missing: " + String.join(", ", missing) + ".");
        }
        int created = 0, updated = 0, unchanged = 0;
        List<RefusedRow> refused = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Csv.Row row = reader.next(); row != null; row = reader.next()) {
            List<String> f = row.fields();
            String mrn = field(f, columns, "mrn");
            if (f.size() != header.fields().size()) {
                refused.add(new RefusedRow(row.line(), mrn, "has " + f.size() + " fields; the header has " + header.fields().size()));
                continue;
            }
            Optional<String> problem = problem(f, columns, seen);
            if (problem.isPresent()) {
                refused.add(new RefusedRow(row.line(), mrn, problem.get()));
                continue;
            }
            seen.add(mrn);
            Patient patient = Patient.active(mrn, field(f, columns, "last_name"),
                    Arrays.asList(field(f, columns, "first_name").split("\\s+")),
                    LocalDate.parse(field(f, columns, "birth_date")), Sex.parse(field(f, columns, "sex")).orElseThrow(),
                    source, registry.clock().instant());
            Optional<Patient> before = registry.find(mrn);
            try {
                Patient saved = registry.save(patient);
                if (before.isEmpty()) created++;
                else if (saved.equals(before.get())) unchanged++;
                else updated++;
            } catch (IllegalStateException | IllegalArgumentException e) {
                refused.add(new RefusedRow(row.line(), mrn, e.getMessage()));
            }
        }
        return new Report(created, updated, unchanged, refused);
    }

    private Optional<String> problem(List<String> f, Map<String, Integer> columns, Set<String> seen) {
        String mrn = field(f, columns, "mrn");
        if (mrn.isEmpty()) return Optional.of("has no MRN");
        if (!mrn.matches(Patient.MRN_PATTERN)) return Optional.of("MRN '" + mrn + "' is not 1-20 letters, digits or hyphens");
        if (seen.contains(mrn)) return Optional.of("MRN " + mrn + " appears more than once in the file");
        if (field(f, columns, "last_name").isEmpty()) return Optional.of("has no last name");
        String birth = field(f, columns, "birth_date");
        try {
            LocalDate date = LocalDate.parse(birth);
            if (date.getYear() < 1880) return Optional.of("birth date " + birth + " is too long ago");
            if (date.isAfter(LocalDate.now(registry.clock()))) return Optional.of("birth date " + birth + " is in the future");
        } catch (DateTimeParseException e) {
            return Optional.of("birth date '" + birth + "' is not a date written YYYY-MM-DD");
        }
        String sex = field(f, columns, "sex");
        if (Sex.parse(sex).isEmpty()) return Optional.of("sex '" + sex + "' is not F, M, O or U");
        return Optional.empty();
    }

    private static String field(List<String> fields, Map<String, Integer> columns, String name) {
        int i = columns.get(name);
        return i < fields.size() ? fields.get(i).strip() : "";
    }
}
