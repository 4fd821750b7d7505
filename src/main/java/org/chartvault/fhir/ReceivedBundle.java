package org.chartvault.fhir;

import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * An ITI-65 body as {@link SpoolingBundleReader} received it: the Bundle without its documents, and each
 * document decoded into a work file of its own. Closing it deletes the files.
 *
 * @param bundle    the Bundle as parsed; its Binaries and attachments carry no data
 * @param documents the decoded documents by where they were in the bundle ({@link #binaryData}, {@link #attachmentData})
 */
record ReceivedBundle(Bundle bundle, Map<String, Document> documents) implements AutoCloseable {

    /** A decoded document: its work file and its size in bytes. */
    record Document(Path file, long size) {
    }

    /** The key of {@code Bundle.entry[entry].resource.data}. */
    static String binaryData(int entry) {
        return "Bundle.entry[" + entry + "].resource.data";
    }

    /** The key of {@code Bundle.entry[entry].resource.content[content].attachment.data}. */
    static String attachmentData(int entry, int content) {
        return "Bundle.entry[" + entry + "].resource.content[" + content + "].attachment.data";
    }

    Optional<Document> document(String key) {
        return Optional.ofNullable(documents.get(key));
    }

    @Override
    public void close() {
        for (Document document : documents.values()) {
            try {
                Files.deleteIfExists(document.file());
            } catch (IOException e) { // the next start clears the work folder
                LoggerFactory.getLogger(ReceivedBundle.class).warn("Work file {} could not be deleted: {}", document.file(), e.toString());
            }
        }
    }
}
