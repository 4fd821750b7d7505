package org.chartvault;

import org.chartvault.audit.AuditActions;
import org.chartvault.audit.Target;
import org.chartvault.document.Indexing;
import org.chartvault.ingest.Batch;
import org.chartvault.ingest.BatchProgress;
import org.chartvault.ingest.Upload;
import org.chartvault.security.Caller;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code chartvault import DIR}: archives every scan in a folder (recursively) through the same ingest path
 * as an upload, in batches, and shows a progress bar until every page is searchable.
 */
final class BulkImport {
    private static final Set<String> EXTENSIONS = Set.of("pdf", "tif", "tiff", "png", "jpg", "jpeg", "zip");
    private static final int FILES_PER_BATCH = 50;

    private final App app;
    private final PrintStream out;
    /** Set by the launcher when standard error is a terminal: draw the bar in place, else print progress lines. */
    private final boolean terminal = Boolean.getBoolean("chartvault.tty");

    BulkImport(App app, PrintStream out) {
        this.app = app;
        this.out = out;
    }

    int run(Path folder) throws IOException, InterruptedException {
        List<Path> files = scans(folder);
        if (files.isEmpty()) {
            out.println("No PDF, TIFF, PNG, JPEG or ZIP files under " + folder);
            return 1;
        }
        Caller importer = new Caller("import:" + System.getProperty("user.name", "unknown"), Set.of(),
                Caller.How.SYSTEM, "localhost", null);
        app.startWorkers();
        List<Batch> batches = new ArrayList<>();
        for (int from = 0; from < files.size(); from += FILES_PER_BATCH) {
            List<Upload> uploads = files.subList(from, Math.min(files.size(), from + FILES_PER_BATCH)).stream()
                    .map(f -> new Upload(folder.relativize(f).toString(), () -> Files.newInputStream(f))).toList();
            Batch batch = app.ingest().receive(uploads, Indexing.EMPTY, importer.username());
            app.audit().append(importer.event(AuditActions.UPLOAD, Target.batch(batch.batchId()))
                    .with("files", uploads.size()).with("source", "bulk import"));
            batches.add(batch);
            bar("Storing", Math.min(files.size(), from + FILES_PER_BATCH), files.size(), "files", "");
        }
        line();
        int rejected = 0, duplicates = 0;
        for (Batch batch : batches) {
            for (Batch.Entry entry : batch.entries()) {
                if (Batch.Entry.REJECTED.equals(entry.outcome())) {
                    rejected++;
                    out.println("  rejected " + entry.file() + ": " + entry.error());
                } else if (Batch.Entry.DUPLICATE.equals(entry.outcome())) {
                    duplicates++;
                }
            }
        }
        while (true) {
            int done = 0, total = 0, documents = 0, settled = 0, failed = 0, review = 0;
            for (Batch batch : batches) {
                BatchProgress progress = app.batches().progress(batch);
                done += progress.pagesDone();
                total += progress.pagesTotal();
                for (BatchProgress.DocumentProgress d : progress.documents()) {
                    if (d.documentId() == null || "duplicate".equals(d.status())) continue;
                    documents++;
                    switch (d.status()) {
                        case "indexed" -> settled++;
                        case "needs-review" -> { settled++; review++; }
                        case "failed", "deleted" -> { settled++; failed++; }
                        default -> { }
                    }
                }
            }
            bar("OCR", done, total, "pages", String.format(Locale.ROOT, " %d/%d documents", settled, documents));
            if (settled == documents) {
                line();
                out.printf("Imported %d file(s): %d searchable, %d to review, %d failed, %d duplicate(s), %d rejected.%n",
                        files.size(), settled - review - failed, review, failed, duplicates, rejected);
                return failed > 0 || rejected > 0 ? 3 : 0;
            }
            Thread.sleep(terminal ? 250 : 5000);
        }
    }

    private static List<Path> scans(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        int dot = name.lastIndexOf('.');
                        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
                    })
                    .sorted()
                    .toList();
        }
    }

    private void bar(String phase, int done, int total, String unit, String extra) {
        int width = 30;
        int filled = total == 0 ? 0 : (int) ((long) width * done / total);
        String text = String.format(Locale.ROOT, "%-8s [%s%s] %3d%% %d/%d %s%s", phase, "#".repeat(filled),
                "-".repeat(width - filled), total == 0 ? 0 : 100L * done / total, done, total, unit, extra);
        if (terminal) {
            out.print("\r" + text);
        } else {
            out.println(text);
        }
        out.flush();
    }

    private void line() {
        if (terminal) out.println();
    }
}
