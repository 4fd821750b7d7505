package org.chartvault.ingest;

import java.nio.file.Path;

/**
 * Looks into an uploaded file before it is acknowledged, far enough to know it can be processed:
 * not encrypted, not damaged beyond reading, within the page and pixel limits.
 */
public interface OriginalInspector {

    /** The number of pages in the file; a refusal carries the reason for the uploader. */
    int pageCount(Path file, FileKind kind) throws RejectedFileException;
}
