package org.chartvault.release;

import java.time.LocalDate;
import java.util.List;

/**
 * The patient's signed authorization and what it allows: which document types (all when none are named), which
 * dates of service, until when, and which specially protected categories it names explicitly. Records of a
 * sensitive category are released only when the authorization names that category.
 *
 * @param reference           how the clerk identifies the form (e.g. "signed 2024-03-02, on file"); free text
 * @param documentTypes       document types covered, compared without regard to case; empty: every type
 * @param from                first date of service covered, or null
 * @param to                  last date of service covered, or null
 * @param sensitiveCategories categories named explicitly (category id, its name or an alias, e.g. "42 CFR Part 2")
 * @param file                the uploaded scan of the signed form, once uploaded
 */
public record Authorization(String reference, LocalDate signedOn, LocalDate expires, List<String> documentTypes,
                            LocalDate from, LocalDate to, List<String> sensitiveCategories, AuthorizationFile file) {
    /** Longest free-text reference kept. */
    public static final int MAX_REFERENCE = 500;

    public Authorization {
        reference = reference == null || reference.isBlank() ? null : reference.strip();
        if (reference != null && reference.length() > MAX_REFERENCE) {
            throw new InvalidReleaseException("bad-authorization", "The authorization reference is longer than "
                    + MAX_REFERENCE + " characters.");
        }
        documentTypes = documentTypes == null ? List.of()
                : documentTypes.stream().filter(t -> t != null && !t.isBlank()).map(String::strip).toList();
        sensitiveCategories = sensitiveCategories == null ? List.of()
                : sensitiveCategories.stream().filter(c -> c != null && !c.isBlank()).map(String::strip).toList();
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidReleaseException("bad-authorization", "The authorization's date range ends (to) before it starts (from).");
        }
        if (signedOn != null && expires != null && expires.isBefore(signedOn)) {
            throw new InvalidReleaseException("bad-authorization", "The authorization expires before it was signed.");
        }
    }

    public boolean isExpiredOn(LocalDate day) {
        return expires != null && expires.isBefore(day);
    }

    public boolean coversType(String documentType) {
        if (documentTypes.isEmpty()) return true;
        if (documentType == null) return false;
        String wanted = SensitiveCategory.normalise(documentType);
        return documentTypes.stream().anyMatch(t -> SensitiveCategory.normalise(t).equals(wanted));
    }

    public boolean hasDateRange() {
        return from != null || to != null;
    }

    public boolean coversDate(LocalDate serviceDate) {
        if (!hasDateRange()) return true;
        if (serviceDate == null) return false;
        return (from == null || !serviceDate.isBefore(from)) && (to == null || !serviceDate.isAfter(to));
    }

    /**
     * Whether the signed form itself is attached (stored like an original) with the dates it was signed and
     * expires: what a protected category needs before its records leave. A request that merely says it has an
     * authorization is not one.
     */
    public boolean isSignedAndOnFile() {
        return file != null && signedOn != null && expires != null;
    }

    /** True when the authorization names the category explicitly. */
    public boolean names(SensitiveCategory category) {
        return sensitiveCategories.stream().anyMatch(category::isNamedBy);
    }

    public Authorization withFile(AuthorizationFile newFile) {
        return new Authorization(reference, signedOn, expires, documentTypes, from, to, sensitiveCategories, newFile);
    }

    /** The same scope with the file of {@code earlier}, when this one has none (a scope change keeps the scan). */
    public Authorization keepingFileOf(Authorization earlier) {
        return file != null || earlier == null ? this : withFile(earlier.file());
    }

    /** One line for the cover sheet and page footers. */
    public String describe() {
        StringBuilder out = new StringBuilder("authorization");
        if (signedOn != null) out.append(" signed ").append(signedOn);
        if (reference != null) out.append(" (").append(reference).append(')');
        return out.toString();
    }

    /** The scope in words, for the cover sheet. */
    public String describeScope() {
        StringBuilder out = new StringBuilder();
        out.append(documentTypes.isEmpty() ? "all document types" : "document types: " + String.join(", ", documentTypes));
        if (hasDateRange()) {
            out.append("; dates of service ").append(from == null ? "any" : from.toString())
                    .append(" to ").append(to == null ? "any" : to.toString());
        }
        if (expires != null) out.append("; expires ").append(expires);
        out.append(sensitiveCategories.isEmpty() ? "; names no specially protected category"
                : "; names " + String.join(", ", sensitiveCategories));
        return out.toString();
    }
}
