package org.chartvault.imaging;

/**
 * A file, or one page of it, cannot be turned into page images. The message is a sentence a person can act on;
 * {@link #reason()} lets the caller decide between refusing the upload and failing the document.
 */
public class UnreadableFileException extends Exception {

    /** Why the file cannot be read. */
    public enum Reason {
        /** A password is needed to open it. Refuse: we will never have the password. */
        ENCRYPTED("encrypted"),
        /** The bytes are broken beyond what the reader can repair. */
        DAMAGED("damaged"),
        /** More pages than the configured limit. */
        TOO_MANY_PAGES("too-many-pages"),
        /** A page (or an image on it) is larger than the pixel limit: a decompression bomb or a poster. */
        PAGE_TOO_LARGE("page-too-large"),
        /** Not a format ChartVault reads (or a variant of one it does not). */
        UNSUPPORTED("unsupported");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** Machine-readable form for API error bodies, e.g. {@code page-too-large}. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public UnreadableFileException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public UnreadableFileException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
