package org.chartvault.ingest;

/** An uploaded file that ChartVault will not archive; the message is shown to the uploader as is. */
public class RejectedFileException extends Exception {
    public RejectedFileException(String reason) {
        super(reason);
    }
}
