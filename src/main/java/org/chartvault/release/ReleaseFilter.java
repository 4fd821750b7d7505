package org.chartvault.release;

import java.time.LocalDate;
import java.util.Set;

/**
 * Which requests to list: any of {@code statuses} (all when empty), due on or before {@code dueBefore}, of one
 * patient, or only the overdue ones.
 */
public record ReleaseFilter(Set<ReleaseStatus> statuses, LocalDate dueBefore, String mrn, boolean overdueOnly) {
    public ReleaseFilter {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    }

    boolean accepts(Release release, LocalDate today) {
        if (!statuses.isEmpty() && !statuses.contains(release.status())) return false;
        if (dueBefore != null && (release.dueDate() == null || release.dueDate().isAfter(dueBefore))) return false;
        if (mrn != null && !mrn.equalsIgnoreCase(release.mrn())) return false;
        return !overdueOnly || release.isOverdueOn(today);
    }
}
