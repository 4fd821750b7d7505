package org.chartvault.capture;

import org.chartvault.document.Indexing;

import java.util.List;
import java.util.Map;

/**
 * What capture knows about one document beyond its indexing values, stored as
 * {@code documents/<id>/capture.json}.
 *
 * @param splitStreams split the file at ChartVault separator sheets (the batch option; on unless turned off)
 * @param typed        the values the uploader typed (they win over barcodes and text)
 * @param sources      where each indexing value came from, by field ({@code mrn: label}, {@code documentType: text}...)
 * @param sourcePages  for a document split from a scanned stream: its pages' numbers in the uploaded file
 * @param splitFrom    for such a document: the name of the uploaded stream file it came from
 */
public record CaptureRecord(boolean splitStreams, Indexing typed, Map<String, String> sources,
                            List<Integer> sourcePages, String splitFrom) {

    public static final CaptureRecord DEFAULT = new CaptureRecord(true, Indexing.EMPTY, Map.of(), List.of(), null);

    public CaptureRecord {
        typed = typed == null ? Indexing.EMPTY : typed;
        sources = sources == null ? Map.of() : Map.copyOf(sources);
        sourcePages = sourcePages == null ? List.of() : List.copyOf(sourcePages);
    }

    public CaptureRecord withSources(Map<String, String> newSources) {
        return new CaptureRecord(splitStreams, typed, newSources, sourcePages, splitFrom);
    }
}
