package org.chartvault.document;

/** A page as listed in its document: enough for the API and the review queue without loading the page. */
public record PageSummary(int number, Double confidence, String source, boolean blank) {
}
