package org.chartvault.ingest;

import org.chartvault.imaging.PageLimits;
import org.chartvault.imaging.PageSource;
import org.chartvault.imaging.UnreadableFileException;

import java.nio.file.Path;

/**
 * {@link OriginalInspector} over imaging: opening the file checks its password, page count and, for images,
 * every page's declared size, without decoding any page.
 */
public final class PageCountInspector implements OriginalInspector {
    private final PageLimits limits;

    public PageCountInspector(PageLimits limits) {
        this.limits = limits;
    }

    @Override
    public int pageCount(Path file, FileKind kind) throws RejectedFileException {
        try (PageSource source = PageSource.open(file, kind.contentType(), limits)) {
            return source.pageCount();
        } catch (UnreadableFileException e) {
            throw new RejectedFileException(e.getMessage());
        }
    }
}
