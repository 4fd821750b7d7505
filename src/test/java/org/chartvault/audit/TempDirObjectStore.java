package org.chartvault.audit;

import org.chartvault.storage.ObjectInfo;
import org.chartvault.storage.ObjectLockedException;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * TEST-ONLY stand-in for {@code storage.LocalDiskStore} (being written on wip/storage): each object is a file
 * under a temporary directory. Writes go to a temp file and are renamed into place (all or nothing);
 * {@link #putIfAbsent} uses a hard link, which the kernel refuses when the name exists, so two racing writers
 * cannot both win. It records no checksums; replace it with the real LocalDiskStore once that is merged.
 */
public final class TempDirObjectStore implements ObjectStore {
    private final Path objects;
    private final Path temp;
    private final Path holds;

    public TempDirObjectStore(Path dir) {
        this.objects = dir.resolve("objects");
        this.temp = dir.resolve("tmp");
        this.holds = dir.resolve("holds");
        try {
            Files.createDirectories(objects);
            Files.createDirectories(temp);
            Files.createDirectories(holds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ObjectInfo put(String key, InputStream data, long length, String contentType) throws IOException {
        Path target = file(key);
        if (isLegalHold(key)) throw new ObjectLockedException(key);
        Path staged = stage(data);
        Files.createDirectories(target.getParent());
        Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return info(key, target, contentType);
    }

    @Override
    public Optional<ObjectInfo> putIfAbsent(String key, InputStream data, long length, String contentType)
            throws IOException {
        Path target = file(key);
        Path staged = stage(data);
        try {
            Files.createDirectories(target.getParent());
            Files.createLink(target, staged);
            return Optional.of(info(key, target, contentType));
        } catch (FileAlreadyExistsException e) {
            return Optional.empty();
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    @Override
    public InputStream get(String key) throws IOException {
        Path f = file(key);
        if (!Files.isRegularFile(f)) throw new ObjectNotFoundException(key);
        return Files.newInputStream(f);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        Path f = file(key);
        return Files.isRegularFile(f) ? Optional.of(info(key, f, null)) : Optional.empty();
    }

    @Override
    public void delete(String key) throws IOException {
        if (isLegalHold(key)) throw new ObjectLockedException(key);
        Files.deleteIfExists(file(key));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(objects)) {
            walk.filter(Files::isRegularFile)
                    .map(p -> objects.relativize(p).toString().replace('\\', '/'))
                    .filter(k -> k.startsWith(prefix))
                    .forEach(keys::add);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public List<String> listFolders(String prefix) throws IOException {
        TreeSet<String> folders = new TreeSet<>();
        for (String key : list(prefix)) {
            int slash = key.indexOf('/', prefix.length());
            if (slash >= 0) folders.add(key.substring(0, slash + 1));
        }
        return List.copyOf(folders);
    }

    @Override
    public void setLegalHold(String key, boolean on) throws IOException {
        Path marker = holds.resolve(sha256(key.getBytes(StandardCharsets.UTF_8)));
        if (on) {
            if (!Files.exists(marker)) Files.createFile(marker);
        } else {
            Files.deleteIfExists(marker);
        }
    }

    @Override
    public boolean isLegalHold(String key) {
        return Files.exists(holds.resolve(sha256(key.getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public String describe() {
        return "test-tempdir:" + objects;
    }

    @Override
    public void close() {
    }

    private Path file(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.contains("..") || key.contains("\\")) {
            throw new IllegalArgumentException("bad key: " + key);
        }
        return objects.resolve(key);
    }

    private Path stage(InputStream data) throws IOException {
        Path staged = Files.createTempFile(temp, "put", ".tmp");
        try (InputStream in = data) {
            Files.copy(in, staged, StandardCopyOption.REPLACE_EXISTING);
        }
        return staged;
    }

    private static ObjectInfo info(String key, Path f, String contentType) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        return new ObjectInfo(key, bytes.length, sha256(bytes), contentType,
                Files.getLastModifiedTime(f).toInstant());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
