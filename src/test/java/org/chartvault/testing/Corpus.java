package org.chartvault.testing;

import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared test corpus ({@code ../shared/corpus}: scans with ground truth, hostile and malformed files).
 * Found through {@code CHARTVAULT_CORPUS}, else by walking up from the working directory to a folder
 * holding {@code shared/corpus}, so tests run the same from the main checkout, a worktree or a fresh clone beside
 * {@code shared/}. Without it, the tests that use it are skipped with that reason.
 */
public final class Corpus {
    private Corpus() {
    }

    public static Path root() {
        String configured = System.getenv("CHARTVAULT_CORPUS");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/corpus");
            if (Files.isDirectory(candidate)) return candidate;
        }
        // A clone on its own has no corpus: the tests that need it are reported as skipped, with the reason, rather
        // than failed; CI, which has the corpus beside the clone, runs them.
        throw new TestAbortedException("skipped: the wider test corpus is not here (set CHARTVAULT_CORPUS or place it "
                + "at ../shared/corpus)");
    }

    public static Path scans() {
        return root().resolve("scans");
    }

    public static Path hostile() {
        return root().resolve("hostile");
    }

    public static Path malformed() {
        return root().resolve("malformed");
    }

    public static Path file(String relative) {
        return root().resolve(relative);
    }

    /** Every regular file in one corpus folder, sorted by name. */
    public static List<Path> filesIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Scans that have a ground-truth text beside them ({@code NAME.gt.txt}). */
    public static List<Path> scansWithGroundTruth() {
        return filesIn(scans()).stream()
                .filter(p -> !p.getFileName().toString().endsWith(".txt") && !p.getFileName().toString().endsWith(".hocr"))
                .filter(p -> Files.exists(groundTruthOf(p)))
                .toList();
    }

    public static Path groundTruthOf(Path scan) {
        String name = scan.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return scan.resolveSibling((dot < 0 ? name : name.substring(0, dot)) + ".gt.txt");
    }
}
