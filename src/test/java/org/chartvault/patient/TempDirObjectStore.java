package org.chartvault.patient;

import org.chartvault.storage.ObjectInfo;
import org.chartvault.storage.ObjectLockedException;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * TEST-ONLY stand-in for {@code storage.LocalDiskStore} (on its way to main from wip/storage; replace this class
 * with {@code new LocalDiskStore(dir)} once it is merged). Each object is a file under a temporary directory,
 * written to a temp file and renamed into place; {@link #putIfAbsent} links the file so two writers cannot both
 * win. It keeps no checksums and holds legal holds in memory: enough for the registry's tests, no more.
 */
public final class TempDirObjectStore implements ObjectStore {
    private final Path objects;
    private final Path staging;
    private final Set<String> holds = new HashSet<>();

    public TempDirObjectStore(Path dir) throws IOException {
        this.objects = Files.createDirectories(dir.resolve("objects"));
        this.staging = Files.createDirectories(dir.resolve("staging"));
    }

    @Override
    public ObjectInfo put(String key, InputStream data, long length, String contentType) throws IOException {
        if (holds.contains(key)) throw new ObjectLockedException(key);
        Path target = file(key);
        Path staged = stage(data);
        Files.createDirectories(target.getParent());
        Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return info(key, target, contentType);
    }

    @Override
    public Optional<ObjectInfo> putIfAbsent(String key, InputStream data, long length, String contentType) throws IOException {
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
        if (holds.contains(key)) throw new ObjectLockedException(key);
        Files.deleteIfExists(file(key));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(objects)) {
            walk.filter(Files::isRegularFile).map(p -> objects.relativize(p).toString().replace('\\', '/'))
                    .filter(k -> k.startsWith(prefix)).forEach(keys::add);
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
    public void setLegalHold(String key, boolean on) {
        if (on) holds.add(key);
        else holds.remove(key);
    }

    @Override
    public boolean isLegalHold(String key) {
        return holds.contains(key);
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
        Path staged = Files.createTempFile(staging, "put", ".tmp");
        try (InputStream in = data) {
            Files.copy(in, staged, StandardCopyOption.REPLACE_EXISTING);
        }
        return staged;
    }

    private static ObjectInfo info(String key, Path f, String contentType) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        try {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            return new ObjectInfo(key, bytes.length, sha, contentType, Files.getLastModifiedTime(f).toInstant());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
