package org.chartvault.watch;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A folder scanners write to, as an administrator configured it: where it is, the scanning account its files are
 * filed under (so the audit trail names the station), the indexing values every file gets, and what becomes of a
 * file once it is archived.
 *
 * @param documentType  the type every file is filed under (a display name of the type list), or null to leave it to
 *                      automatic indexing
 * @param settleSeconds how long a file's size and modification time must stay the same before it is taken: long
 *                      enough for the slowest scanner or copy to a network share to write the next part
 */
public record WatchedFolder(String id, String path, String account, String documentType, ServiceDate serviceDate,
                            Split split, AfterArchiving afterArchiving, int settleSeconds) {

    public static final int DEFAULT_SETTLE_SECONDS = 5;
    /** Short enough to say in a lease name and a log line, safe in storage keys and URLs. */
    private static final String ID_SHAPE = "[a-z0-9][a-z0-9-]{0,39}";

    public WatchedFolder {
        if (id == null || !id.matches(ID_SHAPE)) {
            throw new InvalidWatchedFolderException("A watched folder's id is 1 to 40 lower-case letters, digits or '-',"
                    + " such as er-station-2 ('" + clip(id) + "' is not).");
        }
        path = checkPath(path);
        if (account == null || account.isBlank()) {
            throw new InvalidWatchedFolderException("Name the scanning account the folder's files are filed under.");
        }
        account = account.strip().toLowerCase(Locale.ROOT);
        documentType = documentType == null || documentType.isBlank() ? null : documentType.strip();
        serviceDate = serviceDate == null ? ServiceDate.NONE : serviceDate;
        split = split == null ? Split.SEPARATORS : split;
        afterArchiving = afterArchiving == null ? AfterArchiving.MOVE : afterArchiving;
        if (settleSeconds < 1 || settleSeconds > 3600) {
            throw new InvalidWatchedFolderException("settleSeconds must be from 1 to 3600: how long a file must stay"
                    + " unchanged before it is taken.");
        }
    }

    /** The date of service every file gets. */
    public enum ServiceDate implements Wire {
        /** None: automatic indexing reads it from the pages, or a reviewer sets it. */
        NONE("none"),
        /** The day the file was last written, on this server's calendar: a scanner writes it on the day of the visit. */
        FILE_DATE("file-date");

        private final String wire;

        ServiceDate(String wire) {
            this.wire = wire;
        }

        @JsonValue
        @Override
        public String wire() {
            return wire;
        }

        @JsonCreator
        public static ServiceDate fromWire(String value) {
            return parse(values(), value, "serviceDate");
        }
    }

    /** Whether a file holding ChartVault separator sheets is cut into documents at them (as the upload option). */
    public enum Split implements Wire {
        SEPARATORS("separators"),
        NONE("none");

        private final String wire;

        Split(String wire) {
            this.wire = wire;
        }

        @JsonValue
        @Override
        public String wire() {
            return wire;
        }

        @JsonCreator
        public static Split fromWire(String value) {
            return parse(values(), value, "split");
        }
    }

    /** What becomes of a file once its content is archived. */
    public enum AfterArchiving implements Wire {
        /** Moved to {@code archived/} in the watched folder, keeping its sub-folder: the station can see what went. */
        MOVE("move"),
        DELETE("delete");

        private final String wire;

        AfterArchiving(String wire) {
            this.wire = wire;
        }

        @JsonValue
        @Override
        public String wire() {
            return wire;
        }

        @JsonCreator
        public static AfterArchiving fromWire(String value) {
            return parse(values(), value, "afterArchiving");
        }
    }

    public Path root() {
        return Path.of(path);
    }

    private static String checkPath(String path) {
        String refusal = "The folder must be an absolute path on this server, such as /mnt/scans/er-station ('"
                + clip(path) + "' is not).";
        if (path == null || path.isBlank()) throw new InvalidWatchedFolderException(refusal);
        try {
            Path p = Path.of(path.strip());
            if (!p.isAbsolute()) throw new InvalidWatchedFolderException(refusal);
            return p.normalize().toString();
        } catch (InvalidPathException e) {
            throw new InvalidWatchedFolderException(refusal);
        }
    }

    /** A setting's words on the wire. */
    private interface Wire {
        String wire();
    }

    private static <E extends Enum<E> & Wire> E parse(E[] values, String value, String field) {
        String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (E e : values) {
            if (e.wire().equals(wanted)) return e;
        }
        throw new InvalidWatchedFolderException(field + " must be one of " + Arrays.stream(values)
                .map(e -> "'" + e.wire() + "'").collect(Collectors.joining(", ")) + " ('" + clip(value) + "' is not).");
    }

    private static String clip(String value) {
        if (value == null) return "";
        String shown = value.replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 60 ? shown.substring(0, 60) + "…" : shown;
    }
}
