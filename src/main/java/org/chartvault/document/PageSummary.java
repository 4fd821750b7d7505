package org.chartvault.document;

/**
 * A page as listed in its document: enough for the API and the review queue without loading the page.
 *
 * @param scan where the page lies in the scan it was uploaded in; null in records stored before ChartVault kept it
 */
public record PageSummary(int number, Double confidence, String source, boolean blank, ScanPage scan) {

    /** A page whose place in its scan is not known here (records stored before it was kept; tests). */
    public PageSummary(int number, Double confidence, String source, boolean blank) {
        this(number, confidence, source, blank, null);
    }

    public PageSummary withNumber(int newNumber) {
        return new PageSummary(newNumber, confidence, source, blank, scan);
    }

    public PageSummary withScan(ScanPage newScan) {
        return new PageSummary(number, confidence, source, blank, newScan);
    }
}
