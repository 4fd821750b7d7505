package org.chartvault.watch;

/** A watched folder an administrator asked for that cannot be kept; the message says why in a sentence. */
public final class InvalidWatchedFolderException extends RuntimeException {
    public InvalidWatchedFolderException(String message) {
        super(message);
    }
}
