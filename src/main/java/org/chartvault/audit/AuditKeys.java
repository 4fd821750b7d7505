package org.chartvault.audit;

import org.chartvault.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The audit keys this node knows, oldest first: the newest seals what is written now, every one of them still
 * authenticates what it sealed. Rotating is adding a newer key at the end (and keeping the older ones); the next
 * entry then records the rotation in the trail itself.
 *
 * <p>Written form, the same in {@code CHARTVAULT_AUDIT_KEY} and in a key file: base64 keys of at least
 * {@value AuditKey#MIN_BYTES} bytes, separated by spaces, commas or line breaks, oldest first; in a file, a
 * {@code #} starts a comment.
 */
public final class AuditKeys {
    private static final Logger log = LoggerFactory.getLogger(AuditKeys.class);

    private final List<AuditKey> keys;

    private AuditKeys(List<AuditKey> keys) {
        if (keys.isEmpty()) throw new IllegalArgumentException("at least one audit key is needed");
        Map<String, AuditKey> distinct = new LinkedHashMap<>();
        for (AuditKey key : keys) {
            distinct.remove(key.id()); // named twice: its last place counts, so it can be made the newest again
            distinct.put(key.id(), key);
        }
        this.keys = List.copyOf(distinct.values());
    }

    /** These keys, oldest first; the last seals. */
    public static AuditKeys of(AuditKey... keys) {
        return new AuditKeys(List.of(keys));
    }

    /** The key that seals new entries and checkpoints. */
    public AuditKey signing() {
        return keys.getLast();
    }

    public Optional<AuditKey> find(String id) {
        return keys.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    /** Key ids, oldest first. */
    public List<String> ids() {
        return keys.stream().map(AuditKey::id).toList();
    }

    /** Parses the written form (see the class comment); {@code source} names it in error messages. */
    static AuditKeys parse(String text, String source) {
        List<AuditKey> keys = new ArrayList<>();
        for (String line : text.split("\\R")) {
            int comment = line.indexOf('#');
            String content = comment < 0 ? line : line.substring(0, comment);
            for (String value : content.split("[\\s,]+")) {
                if (value.isEmpty()) continue;
                byte[] secret;
                try {
                    secret = Base64.getDecoder().decode(value);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + " holds something that is not a base64 key", e);
                }
                try {
                    keys.add(AuditKey.of(secret));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
                }
            }
        }
        if (keys.isEmpty()) throw new IllegalArgumentException(source + " holds no audit key");
        return new AuditKeys(keys);
    }

    /**
     * The operator's keys: {@code CHARTVAULT_AUDIT_KEY}, or {@code CHARTVAULT_AUDIT_KEY_FILE}, or else the data
     * directory's generated key file, made on the first start. A key file inside the local object store is
     * refused: whoever can write the store could then read the key. A node sharing its trail with others through
     * PostgreSQL ({@code database} configured) must be given its key: one it generated for itself would seal the
     * one chain with a key the other nodes do not have, and their verification would call its entries forged.
     */
    public static AuditKeys load(Config.Audit audit, Config.Storage storage, Config.Database database) throws IOException {
        if (audit.keys() != null && audit.keyFile() != null) {
            throw new IllegalArgumentException("set CHARTVAULT_AUDIT_KEY or CHARTVAULT_AUDIT_KEY_FILE, not both");
        }
        if (database.configured() && audit.keys() == null && audit.keyFile() == null) {
            throw new IllegalStateException("This node shares one audit trail with the other nodes of the database "
                    + "CHARTVAULT_DATABASE_URL, so every node must seal it with the same key: set CHARTVAULT_AUDIT_KEY "
                    + "(or CHARTVAULT_AUDIT_KEY_FILE) to the same key on every node. It was not started with a key "
                    + "of its own making, which the other nodes could not verify."
                    + (Files.exists(audit.generatedKeyFile()) ? " It made one before, " + audit.generatedKeyFile()
                            + ", which seals entries already written: give that file to every node "
                            + "(CHARTVAULT_AUDIT_KEY_FILE) or keep it among their keys, oldest first." : ""));
        }
        AuditKeys keys;
        String source;
        if (audit.keys() != null) {
            source = "CHARTVAULT_AUDIT_KEY";
            keys = parse(audit.keys(), source);
        } else if (audit.keyFile() != null) {
            source = "CHARTVAULT_AUDIT_KEY_FILE " + audit.keyFile();
            if (!Files.isRegularFile(audit.keyFile())) throw new IllegalArgumentException(source + " does not exist");
            keys = fromFile(audit.keyFile(), storage, source);
        } else {
            source = audit.generatedKeyFile().toString();
            if (!Files.exists(audit.generatedKeyFile())) {
                generate(audit.generatedKeyFile());
                log.warn("No audit key was configured: generated one in {} (outside the object store). In production "
                        + "supply your own with CHARTVAULT_AUDIT_KEY or CHARTVAULT_AUDIT_KEY_FILE and keep a copy "
                        + "where the storage administrators cannot reach it.", source);
            } else {
                log.warn("The audit key comes from the generated file {}; in production supply your own with "
                        + "CHARTVAULT_AUDIT_KEY or CHARTVAULT_AUDIT_KEY_FILE.", source);
            }
            keys = fromFile(audit.generatedKeyFile(), storage, source);
        }
        log.info("Audit key {} seals the trail (from {}); {} older key(s) still verify", keys.signing().id(), source,
                keys.keys.size() - 1);
        return keys;
    }

    private static AuditKeys fromFile(Path file, Config.Storage storage, String source) throws IOException {
        if (!storage.isMinio() && insideOf(file, storage.localRoot())) {
            throw new IllegalArgumentException(source + " lies inside the object store (" + storage.localRoot()
                    + "): keep the audit key where the store's writers cannot read it");
        }
        if (isPosix()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                log.warn("The audit key file {} can be read by others ({}); make it readable by ChartVault's user "
                        + "only (chmod 600)", file, PosixFilePermissions.toString(permissions));
            }
        }
        return parse(Files.readString(file, StandardCharsets.US_ASCII), source);
    }

    /** Writes a new key, readable by this user only, atomically: a crash leaves no file or a whole one. */
    static void generate(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        if (isPosix()) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(folder);
        }
        String text = "# ChartVault audit key, generated " + Instant.now() + ". Keep a copy away from the\n"
                + "# object store. To rotate, add a new key as the last line and keep the older ones.\n"
                + Base64.getEncoder().encodeToString(AuditKey.generate().secret()) + "\n";
        FileAttribute<?>[] ownerOnly = isPosix()
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(folder, ".audit-key-", ".tmp", ownerOnly);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static boolean insideOf(Path file, Path folder) throws IOException {
        Path realFile = file.toRealPath();
        Path realFolder = Files.exists(folder) ? folder.toRealPath() : folder.toAbsolutePath().normalize();
        return realFile.startsWith(realFolder);
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    @Override
    public String toString() {
        return "AuditKeys" + ids();
    }
}
