package org.chartvault.storage;

import org.chartvault.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded object store: one file per object under a root folder, laid out like the keys
 * ({@code originals/<sha256>}, {@code documents/<id>/pages/1.png} ...), so an operator can find an object on disk.
 *
 * <p>How each promise of {@link ObjectStore} is kept:
 * <ul>
 *   <li><b>All or nothing.</b> Bytes go to a hidden temp file in the object's own folder, which is fsynced and then
 *       renamed over the key with an atomic move; the folder is fsynced so the rename survives a power cut
 *       (writers committing into one folder at the same time share that fsync: {@link FolderSyncs}).
 *       A reader holds an open file, so a replacement never changes bytes under it.</li>
 *   <li><b>Checksum.</b> Each file is the object's bytes followed by a small trailer (SHA-256, size, content type,
 *       a length and a magic word), written in the same temp file, so bytes and checksum are committed by one
 *       rename and can never disagree after a crash (a sidecar file would need a second rename). The file still
 *       begins with the exact original bytes. A read is verified when it reaches the end.</li>
 *   <li><b>putIfAbsent.</b> The finished temp file is hard-linked to the key: {@code link(2)} fails if the name
 *       exists, atomically, whoever the other writer is.</li>
 *   <li><b>Legal hold.</b> A hidden marker file {@code .<name>.hold} beside the object; put and delete check it
 *       while holding the store lock (this process's lock plus an OS file lock on {@code .lock}, so another
 *       process on the same folder sees the same order).</li>
 *   <li><b>Crashes.</b> Temp files ({@code .<name>.<random>.tmp}) are never listed or read; at open, those no live
 *       writer holds (each writer holds an OS lock on its temp file) are removed, with any folders left empty.</li>
 * </ul>
 * Names on disk are the key's segments with every byte outside {@code A-Z a-z 0-9 - _ . ~ + = , @} written as
 * {@code %XX} (and a leading '.' too), so on-disk names are plain ASCII whatever the machine's locale, and no
 * key can reach a hidden name, a parent folder or anything outside the root.
 *
 * <p>One limit that S3 does not have: a key cannot also be the folder of other keys ({@code a/b} and
 * {@code a/b/c}); such a put is refused with an explanation. ChartVault's key layout never does this.
 * Open one instance per folder per process (the app holds a data-directory lock besides).
 */
public final class LocalDiskStore implements ObjectStore {
    private static final Logger log = LoggerFactory.getLogger(LocalDiskStore.class);

    /** Last bytes of every stored file: a file without them was not written (whole) by this store. */
    private static final byte[] MAGIC = "CVOBJ1\r\n".getBytes(StandardCharsets.US_ASCII);
    /** The trailer's fixed tail: the metadata length (4 bytes) and the magic word. */
    private static final int TRAILER_TAIL = 4 + MAGIC.length;
    /** The metadata block is three short lines; a larger length field is damage, not metadata. */
    private static final int MAX_METADATA_BYTES = 4096;
    private static final String TEMP_SUFFIX = ".tmp";
    private static final String HOLD_SUFFIX = ".hold";
    /** The store lock's file, hidden like every name the store keeps for itself. */
    private static final String LOCK_FILE = ".lock";
    /** Keeps on-disk names under the usual 255-byte limit with room for the temp and hold decorations. */
    private static final int MAX_NAME_CHARS = 200;
    /** Copy buffer: large enough for few system calls, small enough to keep many uploads cheap. */
    private static final int BUFFER_BYTES = 64 * 1024;
    /** Bytes kept as they are in on-disk names; everything else becomes %XX. */
    private static final String PLAIN_PUNCTUATION = "-_.~+=,@";

    /**
     * How a file or folder is made durable: {@link #FORCE} ({@code fsync}). Benchmarks pass one that also waits, to
     * play a disk whose flushes are slower than this machine's.
     */
    @FunctionalInterface
    public interface Fsync {
        Fsync FORCE = channel -> channel.force(true);

        void force(FileChannel channel) throws IOException;
    }

    private final Path root;
    private final FileChannel lockFile;
    private final ReentrantLock commitLock = new ReentrantLock();
    private final Fsync fsync;
    /** Writers that committed into the same folder at about the same time share its fsync. */
    private final FolderSyncs folderSyncs;

    /** Opens (creating if needed) the store under {@code root} and removes what crashed writers left behind. */
    public LocalDiskStore(Path root) throws IOException {
        this(root, Fsync.FORCE);
    }

    /** {@link #LocalDiskStore(Path)} making files durable with {@code fsync}. */
    public LocalDiskStore(Path root, Fsync fsync) throws IOException {
        this.fsync = Objects.requireNonNull(fsync, "fsync");
        this.folderSyncs = new FolderSyncs(fsync);
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        Files.createDirectories(this.root);
        this.lockFile = FileChannel.open(this.root.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            removeCrashLeftovers();
        } catch (IOException | RuntimeException e) {
            lockFile.close();
            throw e;
        }
    }

    @Override
    public ObjectInfo put(String key, InputStream data, long length, String contentType) throws IOException {
        return write(key, data, length, contentType, false).orElseThrow();
    }

    @Override
    public Optional<ObjectInfo> putIfAbsent(String key, InputStream data, long length, String contentType)
            throws IOException {
        Path target = path(Keys.check(key));
        // Cheap early answer; the hard link at the end is what decides a race.
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        return write(key, data, length, contentType, true);
    }

    @Override
    public InputStream get(String key) throws IOException {
        Path target = path(Keys.check(key));
        FileChannel channel = openForReading(target, key);
        try {
            Trailer trailer = readTrailer(channel, key);
            channel.position(0);
            InputStream content = new BufferedInputStream(
                    new Limited(Channels.newInputStream(channel), trailer.size()), BUFFER_BYTES);
            return new VerifyingInputStream(content, key, trailer.sha256());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The whole object in one read, verified before it is returned: what {@link #get} gives, without its buffers and
     * copies. Every record and page a request or a reindex reads comes this way.
     */
    @Override
    public byte[] getBytes(String key) throws IOException {
        Path target = path(Keys.check(key));
        try (FileChannel channel = openForReading(target, key)) {
            Trailer trailer = readTrailer(channel, key);
            if (trailer.size() > Integer.MAX_VALUE - 16) throw new IOException(key + " is too large to read into memory");
            byte[] content = readAt(channel, 0, (int) trailer.size()).array();
            String actual = Sha256.hex(content);
            if (!actual.equals(trailer.sha256())) throw new IntegrityException(key, trailer.sha256(), actual);
            return content;
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        Path target = path(Keys.check(key));
        try (FileChannel channel = openForReading(target, key)) {
            Trailer trailer = readTrailer(channel, key);
            Instant modified = Files.getLastModifiedTime(target).toInstant();
            return Optional.of(new ObjectInfo(key, trailer.size(), trailer.sha256(), trailer.contentType(), modified));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Path target = path(Keys.check(key));
        underStoreLock(() -> {
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) return null;
            if (Files.exists(holdMarker(target), LinkOption.NOFOLLOW_LINKS)) throw new ObjectLockedException(key);
            try {
                Files.delete(target);
            } catch (NoSuchFileException e) {
                return null;
            }
            fsyncDirectory(target.getParent());
            removeEmptyFolders(target.getParent());
            return null;
        });
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        Keys.checkPrefix(prefix);
        Path folder = folderOf(prefix);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) return List.of();
        List<String> keys = new ArrayList<>();
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(folder)) return FileVisitResult.CONTINUE;
                String folderKey = keyOf(dir);
                if (folderKey == null) return FileVisitResult.SKIP_SUBTREE;
                String withSlash = folderKey + "/";
                boolean relevant = withSlash.startsWith(prefix) || prefix.startsWith(withSlash);
                return relevant ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (!attrs.isRegularFile()) return FileVisitResult.CONTINUE;
                String key = keyOf(file);
                if (key != null && key.startsWith(prefix)) keys.add(key);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE; // deleted while listing
                throw e;
            }
        });
        keys.sort(Keys.ORDER);
        return keys;
    }

    @Override
    public List<String> listFolders(String prefix) throws IOException {
        Keys.checkPrefix(prefix);
        Path folder = folderOf(prefix);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) return List.of();
        int slash = prefix.lastIndexOf('/');
        String parentKey = prefix.substring(0, slash + 1);
        String partial = prefix.substring(slash + 1);
        List<String> folders = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = segmentOf(entry.getFileName().toString());
                if (name == null || !name.startsWith(partial)) continue;
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && holdsAnObject(entry)) {
                    folders.add(parentKey + name + "/");
                }
            }
        }
        folders.sort(Keys.ORDER);
        return folders;
    }

    @Override
    public void setLegalHold(String key, boolean on) throws IOException {
        Path target = path(Keys.check(key));
        Path marker = holdMarker(target);
        underStoreLock(() -> {
            boolean exists = Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS);
            if (on) {
                if (!exists) throw new ObjectNotFoundException(key);
                try {
                    Files.createFile(marker);
                } catch (FileAlreadyExistsException alreadyHeld) {
                    return null;
                }
                fsyncDirectory(target.getParent());
            } else {
                // A marker whose object vanished behind the store's back can still be lifted.
                if (!exists && !Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) throw new ObjectNotFoundException(key);
                if (Files.deleteIfExists(marker)) fsyncDirectory(target.getParent());
            }
            return null;
        });
    }

    @Override
    public boolean isLegalHold(String key) throws IOException {
        Path target = path(Keys.check(key));
        boolean held = Files.exists(holdMarker(target), LinkOption.NOFOLLOW_LINKS);
        if (!held && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) throw new ObjectNotFoundException(key);
        return held;
    }

    @Override
    public String describe() {
        return "local:" + root;
    }

    @Override
    public void close() {
        try {
            lockFile.close();
        } catch (IOException e) {
            log.warn("closing the store lock file under {} failed: {}", root, e.toString());
        }
    }

    // ---- writing ----

    private Optional<ObjectInfo> write(String key, InputStream data, long length, String contentType,
                                       boolean onlyIfAbsent) throws IOException {
        Keys.check(key);
        Objects.requireNonNull(data, "data");
        if (length < -1) throw new IllegalArgumentException("length must be -1 (unknown) or at least 0, not " + length);
        String type = Keys.contentType(contentType);
        Path target = path(key);
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) throw folderConflict(key, key);
        Temp temp = createTemp(target, key);
        try (FileChannel channel = temp.channel()) {
            FileLock writing = channel.lock(); // tells a store opening meanwhile that this temp file is alive
            try {
                Copied copied = copy(data, length, channel, key);
                writeTrailer(channel, copied, type);
                fsync.force(channel);
                Instant modified = Files.getLastModifiedTime(temp.path()).toInstant();
                boolean stored = commit(key, temp.path(), target, onlyIfAbsent);
                if (!stored) return Optional.empty();
                return Optional.of(new ObjectInfo(key, copied.size(), copied.sha256(), type, modified));
            } finally {
                if (channel.isOpen()) writing.release();
            }
        } finally {
            Files.deleteIfExists(temp.path()); // gone after a rename; after a link or a failure it is removed here
        }
    }

    /**
     * The moment a write becomes visible: one rename (or link) under the store lock; then the folder is fsynced,
     * outside the lock, by a fsync shared with the other writers that committed into that folder meanwhile
     * ({@link FolderSyncs}), so concurrent writers do not queue for the disk one fsync each.
     */
    private boolean commit(String key, Path temp, Path target, boolean onlyIfAbsent) throws IOException {
        boolean stored = underStoreLock(() -> {
            if (onlyIfAbsent) {
                try {
                    Files.createLink(target, temp);
                } catch (FileAlreadyExistsException e) {
                    return false;
                }
            } else {
                if (Files.exists(holdMarker(target), LinkOption.NOFOLLOW_LINKS)) throw new ObjectLockedException(key);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            return true;
        });
        if (stored) folderSyncs.sync(target.getParent());
        return stored;
    }

    private record Temp(Path path, FileChannel channel) {
    }

    private Temp createTemp(Path target, String key) throws IOException {
        Path folder = target.getParent();
        String name = target.getFileName().toString();
        for (int attempt = 1; ; attempt++) {
            ensureFolder(folder, key);
            Path temp = folder.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + TEMP_SUFFIX);
            try {
                return new Temp(temp, FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            } catch (FileAlreadyExistsException e) {
                // another writer drew the same random name: draw again
            } catch (NoSuchFileException e) {
                // a delete removed the (then empty) folder between ensureFolder and here: create it again
                if (attempt >= 5) throw e;
            }
        }
    }

    private record Copied(long size, String sha256) {
    }

    private static Copied copy(InputStream data, long length, FileChannel channel, String key) throws IOException {
        MessageDigest digest = VerifyingInputStream.sha256();
        byte[] buffer = new byte[BUFFER_BYTES];
        long count = 0;
        while (length < 0 || count < length) {
            int wanted = length < 0 ? buffer.length : (int) Math.min(buffer.length, length - count);
            int n = data.read(buffer, 0, wanted);
            if (n < 0) break;
            digest.update(buffer, 0, n);
            writeFully(channel, ByteBuffer.wrap(buffer, 0, n));
            count += n;
        }
        if (length >= 0 && count != length) {
            throw new IOException("the data for " + key + " ended after " + count + " of the " + length
                    + " bytes announced; nothing was stored");
        }
        return new Copied(count, HexFormat.of().formatHex(digest.digest()));
    }

    private static void writeTrailer(FileChannel channel, Copied copied, String contentType) throws IOException {
        byte[] metadata = ("sha256=" + copied.sha256() + "\nsize=" + copied.size() + "\ncontentType=" + contentType
                + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer trailer = ByteBuffer.allocate(metadata.length + TRAILER_TAIL);
        trailer.put(metadata).putInt(metadata.length).put(MAGIC).flip();
        writeFully(channel, trailer);
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) channel.write(buffer);
    }

    // ---- reading ----

    private record Trailer(long size, String sha256, String contentType) {
    }

    private static FileChannel openForReading(Path target, String key) throws IOException {
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) throw new ObjectNotFoundException(key);
        try {
            return FileChannel.open(target, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(key);
        }
    }

    private static Trailer readTrailer(FileChannel channel, String key) throws IOException {
        long fileSize = channel.size();
        if (fileSize < TRAILER_TAIL) throw new IntegrityException(key, "its file is too short to hold a checksum");
        ByteBuffer tail = readAt(channel, fileSize - TRAILER_TAIL, TRAILER_TAIL);
        int metadataLength = tail.getInt();
        byte[] magic = new byte[MAGIC.length];
        tail.get(magic);
        if (!MessageDigest.isEqual(magic, MAGIC)) {
            throw new IntegrityException(key, "its file does not end with the store's checksum record");
        }
        if (metadataLength <= 0 || metadataLength > MAX_METADATA_BYTES || metadataLength > fileSize - TRAILER_TAIL) {
            throw new IntegrityException(key, "its checksum record is damaged");
        }
        long contentSize = fileSize - TRAILER_TAIL - metadataLength;
        ByteBuffer metadata = readAt(channel, contentSize, metadataLength);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : StandardCharsets.US_ASCII.decode(metadata).toString().split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) fields.put(line.substring(0, equals), line.substring(equals + 1));
        }
        String sha256 = fields.get("sha256");
        String size = fields.get("size");
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}") || size == null || !size.matches("[0-9]{1,19}")) {
            throw new IntegrityException(key, "its checksum record is damaged");
        }
        if (Long.parseLong(size) != contentSize) {
            throw new IntegrityException(key, "its record says " + size + " bytes but the file holds " + contentSize);
        }
        return new Trailer(contentSize, sha256, fields.getOrDefault("contentType", Keys.DEFAULT_CONTENT_TYPE));
    }

    private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) throw new IOException("unexpected end of file");
        }
        return buffer.flip();
    }

    /** The object's own bytes: the file minus its trailer. */
    private static final class Limited extends InputStream {
        private final InputStream in;
        private long remaining;

        Limited(InputStream in, long limit) {
            this.in = in;
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) return -1;
            int b = in.read();
            if (b >= 0) remaining--;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) return -1;
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) remaining -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    // ---- folders, names and locks ----

    private interface Locked<T> {
        T run() throws IOException;
    }

    /** Runs {@code action} holding this process's lock and the OS lock on {@code .lock}, in that order. */
    private <T> T underStoreLock(Locked<T> action) throws IOException {
        commitLock.lock();
        try {
            FileLock processes;
            try {
                processes = lockFile.lock();
            } catch (OverlappingFileLockException e) {
                throw new IllegalStateException("another LocalDiskStore in this process is open on " + root
                        + "; open one per folder", e);
            }
            try {
                return action.run();
            } finally {
                processes.release();
            }
        } finally {
            commitLock.unlock();
        }
    }

    private void ensureFolder(Path folder, String key) throws IOException {
        if (folder.equals(root) || Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) return;
        ensureFolder(folder.getParent(), key);
        try {
            Files.createDirectory(folder);
            fsyncDirectory(folder.getParent());
        } catch (FileAlreadyExistsException e) {
            // another writer made the folder meanwhile (fine), or an object lies there (not representable)
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) throw folderConflict(key, keyOf(folder));
        }
    }

    private static IOException folderConflict(String key, String existing) {
        return new FileAlreadyExistsException(key, existing,
                "cannot store '" + key + "': '" + existing + "' is both an object and a folder of objects here, "
                        + "which the local-disk store cannot represent");
    }

    /** After a delete: removes folders that no longer hold anything, up to the root. */
    private void removeEmptyFolders(Path folder) throws IOException {
        for (Path dir = folder; dir != null && !dir.equals(root) && dir.startsWith(root); dir = dir.getParent()) {
            try {
                Files.delete(dir);
            } catch (DirectoryNotEmptyException e) {
                return;
            } catch (NoSuchFileException e) {
                // already gone; its parent may be empty now
            }
        }
    }

    private boolean holdsAnObject(Path folder) throws IOException {
        boolean[] found = {false};
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.equals(folder) || segmentOf(dir.getFileName().toString()) != null
                        ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                found[0] = attrs.isRegularFile() && segmentOf(file.getFileName().toString()) != null;
                return found[0] ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return found[0];
    }

    private void removeCrashLeftovers() throws IOException {
        int[] removed = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = file.getFileName().toString();
                if (attrs.isRegularFile() && name.startsWith(".") && name.endsWith(TEMP_SUFFIX)
                        && removeIfAbandoned(file)) {
                    removed[0]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) throw e;
                if (!dir.equals(root)) {
                    try {
                        Files.delete(dir);
                    } catch (DirectoryNotEmptyException | NoSuchFileException stillUsed) {
                        // keeps objects, markers or a live writer's temp file
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        if (removed[0] > 0) log.info("removed {} unfinished write(s) left in {} by an earlier crash", removed[0], root);
    }

    /** Deletes a temp file unless a live writer (in any process) still holds its lock. */
    private static boolean removeIfAbandoned(Path temp) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) return false;
            try {
                Files.deleteIfExists(temp);
                return true;
            } finally {
                lock.release();
            }
        } catch (OverlappingFileLockException | NoSuchFileException e) {
            return false;
        }
    }

    private void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            fsync.force(channel);
        }
    }

    private static Path holdMarker(Path target) {
        return target.resolveSibling("." + target.getFileName() + HOLD_SUFFIX);
    }

    /** The on-disk path of a valid key (or of a prefix's whole segments). */
    private Path path(String key) {
        Path path = root;
        for (String segment : key.split("/")) {
            String name = fileName(segment);
            if (name.length() > MAX_NAME_CHARS) {
                throw new IllegalArgumentException("storage key '" + Keys.printable(key) + "' is not allowed here: "
                        + "its segment '" + segment + "' is too long for a file name on local disk");
            }
            path = path.resolve(name);
        }
        return path;
    }

    /** The folder a listing of {@code prefix} starts from: everything up to its last '/'. */
    private Path folderOf(String prefix) {
        int slash = prefix.lastIndexOf('/');
        return slash < 0 ? root : path(prefix.substring(0, slash));
    }

    /** The key of a path under the root, or null for the store's own files and names it did not write. */
    private String keyOf(Path path) {
        Path relative = root.relativize(path);
        StringBuilder key = new StringBuilder();
        for (Path name : relative) {
            String segment = segmentOf(name.toString());
            if (segment == null) return null;
            if (!key.isEmpty()) key.append('/');
            key.append(segment);
        }
        return key.toString();
    }

    static String fileName(String segment) {
        byte[] utf8 = segment.getBytes(StandardCharsets.UTF_8);
        StringBuilder name = new StringBuilder(utf8.length);
        for (int i = 0; i < utf8.length; i++) {
            int b = utf8[i] & 0xff;
            boolean plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || PLAIN_PUNCTUATION.indexOf(b) >= 0;
            if (plain && !(i == 0 && b == '.')) {
                name.append((char) b);
            } else {
                name.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 15, 16)));
            }
        }
        return name.toString();
    }

    /** The key segment an on-disk name stands for, or null if the store would not have written that name. */
    static String segmentOf(String name) {
        if (name.isEmpty() || name.startsWith(".")) return null;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%' && i + 2 < name.length()) {
                int high = Character.digit(name.charAt(i + 1), 16), low = Character.digit(name.charAt(i + 2), 16);
                if (high < 0 || low < 0) return null;
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c < 0x80 && c != '%') {
                bytes.write(c);
            } else {
                return null;
            }
        }
        String segment;
        try {
            segment = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        return fileName(segment).equals(name) ? segment : null;
    }
}
