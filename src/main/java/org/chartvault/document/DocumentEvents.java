package org.chartvault.document;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells other capabilities when a document reached a state they must react to: processing finished (it is
 * searchable now), a person changed its indexing values, or it was removed. Legal holds use it to hold documents
 * that match a hold on arrival, the search index to follow corrections and removals; listeners run in the thread
 * that made the change, before that change is reported done.
 */
public final class DocumentEvents {
    private static final Logger log = LoggerFactory.getLogger(DocumentEvents.class);

    /** Reacts to a document that was just processed or corrected. */
    @FunctionalInterface
    public interface Listener {
        void changed(Document document) throws IOException;
    }

    /** Reacts to a document that no longer exists. */
    @FunctionalInterface
    public interface RemovalListener {
        void removed(String documentId) throws IOException;
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final List<Listener> correctionListeners = new CopyOnWriteArrayList<>();
    private final List<RemovalListener> removalListeners = new CopyOnWriteArrayList<>();

    /** Called for every document processed or corrected. */
    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /** Called when a person corrected a document's indexing values, before the {@link #listen} listeners. */
    public void listenToCorrections(Listener listener) {
        correctionListeners.add(listener);
    }

    public void listenToRemovals(RemovalListener listener) {
        removalListeners.add(listener);
    }

    /** A person changed the document's indexing values: the correction listeners run, then the others. */
    public void corrected(Document document) throws IOException {
        for (Listener listener : correctionListeners) notify(document.documentId(), () -> listener.changed(document));
        changed(document);
    }

    /** The document was removed (its record is gone; what is derived from it goes now). */
    public void removed(String documentId) throws IOException {
        for (RemovalListener listener : removalListeners) notify(documentId, () -> listener.removed(documentId));
    }

    private interface Call {
        void run() throws IOException;
    }

    private static void notify(String documentId, Call call) throws IOException {
        try {
            call.run();
        } catch (IOException | RuntimeException e) {
            log.error("A listener failed on document {}", documentId, e);
            throw e;
        }
    }

    /**
     * Runs every listener. A failing listener fails the caller (the change is then retried or reported),
     * because a hold that was not applied must never go unnoticed.
     */
    public void changed(Document document) throws IOException {
        for (Listener listener : listeners) notify(document.documentId(), () -> listener.changed(document));
    }
}
