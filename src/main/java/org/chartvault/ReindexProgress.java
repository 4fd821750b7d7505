package org.chartvault;

import org.chartvault.index.IndexRebuild;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The progress line of {@code chartvault reindex}: pages and documents done of their totals, pages per second and the
 * time left. On a terminal one line redrawn in place a few times a second; otherwise (a log file, a pipe) a plain
 * line every few seconds. Counts only: nothing of any record.
 */
final class ReindexProgress implements IndexRebuild.Progress {
    private static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong nextLineAt;
    /** When indexing began (elapsed nanos): the rate and time left count from there, not from reading the records. */
    private final AtomicLong indexingSince = new AtomicLong(-1);

    ReindexProgress(PrintStream out, boolean terminal) {
        this(out, terminal, System::nanoTime);
    }

    /** With the clock that spaces the lines given (tests). */
    ReindexProgress(PrintStream out, boolean terminal, LongSupplier nanoTime) {
        this.out = out;
        this.terminal = terminal;
        this.intervalNanos = terminal ? 250_000_000L : 5_000_000_000L;
        this.nanoTime = nanoTime;
        this.nextLineAt = new AtomicLong(nanoTime.getAsLong()); // the first update is shown
    }

    @Override
    public void update(IndexRebuild.Status status) {
        if (status.phase() != IndexRebuild.Phase.READING_RECORDS && indexingSince.get() < 0) {
            // the first document indexed: its own time is left out, a start a few milliseconds late
            indexingSince.compareAndSet(-1, status.elapsedNanos());
        }
        boolean last = status.phase() == IndexRebuild.Phase.DONE;
        boolean phaseChange = status.phase() == IndexRebuild.Phase.COMMITTING;
        long now = nanoTime.getAsLong();
        long due = nextLineAt.get();
        // called by every rebuild thread after each document: one of them draws, the others return at once
        if (!last && !phaseChange && (now - due < 0 || !nextLineAt.compareAndSet(due, now + intervalNanos))) return;
        synchronized (this) {
            String line = line(status, Math.max(0, indexingSince.get()));
            out.print(terminal ? "\r" + line + "\u001b[K" : line + System.lineSeparator());
            if (last && terminal) out.println();
            out.flush();
        }
    }

    /** One line of progress (pages/s counted from {@code indexingSinceNanos}), e.g. {@code Indexing [#####-----] 42% 42,000/100,000 pages 20,100/50,000 documents 1,850 pages/s 0:31 left}. */
    static String line(IndexRebuild.Status status, long indexingSinceNanos) {
        double seconds = status.elapsedNanos() / 1e9;
        double indexingSeconds = (status.elapsedNanos() - indexingSinceNanos) / 1e9;
        return switch (status.phase()) {
            case READING_RECORDS -> String.format(Locale.ROOT, "Reading  %s %,d/%,d document records", bar(status.documentsDone(), status.documentsTotal()),
                    status.documentsDone(), status.documentsTotal());
            case INDEXING, COMMITTING, DONE -> {
                double rate = indexingSeconds <= 0 ? 0 : status.pagesDone() / indexingSeconds;
                String tail = switch (status.phase()) {
                    case COMMITTING -> "saving the index to disk";
                    case DONE -> String.format(Locale.ROOT, "done in %s", duration(seconds));
                    default -> rate <= 0 ? "" : duration((status.pagesTotal() - status.pagesDone()) / rate) + " left";
                };
                yield String.format(Locale.ROOT, "%-8s %s %,d/%,d pages  %,d/%,d documents  %,.0f pages/s  %s",
                        status.phase() == IndexRebuild.Phase.INDEXING ? "Indexing" : "Indexed",
                        bar(status.pagesDone(), status.pagesTotal()), status.pagesDone(), status.pagesTotal(),
                        status.documentsDone(), status.documentsTotal(), rate, tail);
            }
        };
    }

    private static String bar(long done, long total) {
        int filled = total <= 0 ? BAR_WIDTH : (int) (BAR_WIDTH * Math.min(done, total) / total);
        long percent = total <= 0 ? 100 : 100 * Math.min(done, total) / total;
        return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + String.format(Locale.ROOT, "%3d%%", percent);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
