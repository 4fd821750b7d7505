package org.chartvault.audit;

import java.util.List;

/** One page of audit entries, newest first; {@code more} is true when a further page exists. */
public record AuditPage(List<AuditEntry> entries, boolean more) {
    public AuditPage {
        entries = List.copyOf(entries);
    }
}
