package org.chartvault.retention;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Copies of documents that already left the archive (release packets, productions), which destroying the archive's
 * copy does not reach: a certificate of destruction must say they exist and are outside the archive's control.
 */
@FunctionalInterface
public interface CopiesOutside {
    /** For each of these documents that has any, the copies, each in words (what, when, to whom). */
    Map<String, List<String>> of(Collection<String> documentIds) throws IOException;

    CopiesOutside NONE = ids -> Map.of();
}
