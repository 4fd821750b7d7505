package org.chartvault.watch;

import org.chartvault.Refusal;

/** A watched folder an administrator asked for that cannot be kept; the message says why in a sentence. */
public final class InvalidWatchedFolderException extends RuntimeException implements Refusal.Invalid {
    public InvalidWatchedFolderException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "bad-watched-folder";
    }
}
