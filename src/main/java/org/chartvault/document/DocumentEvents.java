package org.chartvault.document;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells other capabilities when a document reached a state they must react to: processing finished (it is
 * searchable now), or a person changed its indexing values. Legal holds use it to hold documents that match
 * a hold on arrival; listeners run in the thread that made the change, before that change is reported done.
 */
public final class DocumentEvents {
    private static final Logger log = LoggerFactory.getLogger(DocumentEvents.class);

    /** Reacts to a document that was just processed or corrected. */
    @FunctionalInterface
    public interface Listener {
        void changed(Document document) throws IOException;
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /**
     * Runs every listener. A failing listener fails the caller (the change is then retried or reported),
     * because a hold that was not applied must never go unnoticed.
     */
    public void changed(Document document) throws IOException {
        for (Listener listener : listeners) {
            try {
                listener.changed(document);
            } catch (IOException | RuntimeException e) {
                log.error("A listener failed on document {}", document.documentId(), e);
                throw e;
            }
        }
    }
}
