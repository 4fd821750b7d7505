package org.chartvault.ingest;

import org.chartvault.document.PageSummary;
import org.chartvault.document.ScanPage;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a part of a split document is called: the title of the document it came from, taken once (an earlier
 * part's page range and the old " (split at page N)" suffixes are dropped, so splitting a part again never nests
 * names), followed by where its pages lie in the scan: "chart, pages 3–5.pdf". A part whose pages are not one
 * run of the same scan is named by its page count instead.
 */
final class PartNames {
    private static final Pattern EXTENSION = Pattern.compile("\\.(pdf|tiff?|png|jpe?g|zip)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern OLD_SPLIT = Pattern.compile(" \\(split at page \\d+\\)$");
    private static final Pattern PART = Pattern.compile(", (pages? \\d+(–\\d+)?|part of \\d+ pages?)$");

    private PartNames() {
    }

    static String of(String title, List<PageSummary> pages) {
        return base(title) + ", " + range(pages) + ".pdf";
    }

    /** The title without extension, earlier part ranges or split suffixes. */
    static String base(String title) {
        String base = title == null || title.isBlank() ? "document" : title.strip();
        String before;
        do {
            before = base;
            base = EXTENSION.matcher(base).replaceFirst("");
            base = OLD_SPLIT.matcher(base).replaceFirst("");
            base = PART.matcher(base).replaceFirst("");
        } while (!base.equals(before) && !base.isEmpty());
        return base.isEmpty() ? "document" : base;
    }

    private static String range(List<PageSummary> pages) {
        String sha = null;
        Integer first = null, last = null;
        for (PageSummary page : pages) {
            ScanPage scan = page.scan();
            if (scan == null || scan.sha256() == null || scan.page() == null) return counted(pages.size());
            if (first == null) {
                sha = scan.sha256();
                first = scan.page();
            } else if (!Objects.equals(sha, scan.sha256()) || scan.page() != last + 1) {
                return counted(pages.size());
            }
            last = scan.page();
        }
        if (first == null) return counted(0);
        return first.equals(last) ? "page " + first : String.format(Locale.ROOT, "pages %d–%d", first, last);
    }

    private static String counted(int pages) {
        return "part of " + pages + " page" + (pages == 1 ? "" : "s");
    }
}
