package org.chartvault.capture;

import java.util.List;

/**
 * What the barcodes on one page say to capture.
 *
 * @param separator the page is a separator sheet (with its values, or none for "next document"); null otherwise.
 *                  A sheet whose barcode is ChartVault's but cannot be trusted (other version, bad checksum) is
 *                  still a separator, without values, and says why in {@code problems}
 * @param labels    patient labels on the page, each once
 * @param problems  sentences for the reviewer about barcodes that could not be used
 */
public record PageBarcodes(SeparatorSheet separator, List<PatientLabel> labels, List<String> problems) {

    public static final PageBarcodes NONE = new PageBarcodes(null, List.of(), List.of());

    public PageBarcodes {
        labels = List.copyOf(labels);
        problems = List.copyOf(problems);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isSeparator() {
        return separator != null;
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
        return separator == null && labels.isEmpty() && problems.isEmpty();
    }
}
