package org.chartvault.fhir;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The document types in use at one moment. A type is accepted by its display name, its LOINC name or its LOINC
 * code, ignoring case and extra spaces; failing those, by one of its keywords ("H&amp;P", "OPERATIVE NOTE").
 */
public record DocumentTypeList(List<DocumentTypeCode> types) {

    public DocumentTypeList {
        types = List.copyOf(types);
    }

    public Optional<DocumentTypeCode> resolve(String nameOrCode) {
        if (nameOrCode == null || nameOrCode.isBlank()) return Optional.empty();
        String wanted = normal(nameOrCode);
        for (DocumentTypeCode type : types) {
            if (type.loinc().equals(wanted) || normal(type.display()).equals(wanted) || normal(type.name()).equals(wanted)) {
                return Optional.of(type);
            }
        }
        return types.stream().filter(t -> t.keywords().stream().anyMatch(k -> normal(k).equals(wanted))).findFirst();
    }

    /** The type with this LOINC code, by its code only. */
    public Optional<DocumentTypeCode> byLoinc(String code) {
        if (code == null) return Optional.empty();
        String wanted = code.strip();
        return types.stream().filter(t -> t.loinc().equals(wanted)).findFirst();
    }

    private static String normal(String value) {
        return value.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }
}
