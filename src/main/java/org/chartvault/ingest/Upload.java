package org.chartvault.ingest;

import java.io.IOException;
import java.io.InputStream;

/** One file part of a batch upload, read once as a stream. */
public record Upload(String fileName, Content content) {

    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }
}
