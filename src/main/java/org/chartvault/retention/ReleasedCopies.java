package org.chartvault.retention;

import org.chartvault.hold.ExportService;
import org.chartvault.hold.ExportStatus;
import org.chartvault.hold.ProductionExport;
import org.chartvault.release.Release;
import org.chartvault.release.ReleaseRepository;
import org.chartvault.release.ReleaseStatus;
import org.chartvault.release.ReleasedDocument;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The copies in released packets and finished productions, read from their records. */
public final class ReleasedCopies implements CopiesOutside {
    private final ReleaseRepository releases;
    private final ExportService exports;

    public ReleasedCopies(ReleaseRepository releases, ExportService exports) {
        this.releases = releases;
        this.exports = exports;
    }

    @Override
    public Map<String, List<String>> of(Collection<String> documentIds) throws IOException {
        Set<String> wanted = new HashSet<>(documentIds);
        Map<String, List<String>> copies = new LinkedHashMap<>();
        if (wanted.isEmpty()) return copies;
        for (Release release : releases.all()) {
            if (release.status() != ReleaseStatus.RELEASED) continue;
            for (ReleasedDocument document : release.included()) {
                if (!wanted.contains(document.documentId())) continue;
                copies.computeIfAbsent(document.documentId(), k -> new ArrayList<>()).add("release packet "
                        + release.releaseId() + " sent " + release.releaseDate() + " to " + release.requester().display()
                        + " (" + document.pages().size() + " page(s))");
            }
        }
        for (ProductionExport export : exports.all()) {
            if (export.status() != ExportStatus.DONE) continue;
            for (String id : export.documentIds()) {
                if (!wanted.contains(id) || export.withheld().stream().anyMatch(w -> w.startsWith(id))) continue;
                var recipient = export.terms().recipient();
                copies.computeIfAbsent(id, k -> new ArrayList<>()).add("production " + export.exportId()
                        + " of legal hold " + export.holdName() + (export.matter() == null ? "" : ", matter " + export.matter())
                        + ", made " + export.finishedAt() + (recipient == null ? "" : ", for " + recipient.display()));
            }
        }
        return copies;
    }
}
