package org.chartvault.watch;

import org.chartvault.Json;
import org.chartvault.security.Role;
import org.chartvault.security.UserService;
import org.chartvault.security.UserSummary;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The watched folders an administrator configured, kept in the store ({@code settings/watched-folders.json}) so
 * every node watches from the same list, and each folder's {@link FolderStatus}. A folder is kept only when its
 * account may scan and this server can read and write the folder, away from ChartVault's own data.
 */
public final class WatchedFolders {
    /** One object for the whole list, so a change is all or nothing and every node reads it in one get. */
    static final String SETTINGS = "settings/watched-folders.json";
    /** Written by the node watching the folder on each pickup and when a problem starts or ends. */
    static final String STATUS = "watched-folders/";
    private static final String LOCK = "settings:watched-folders";

    private final ObjectStore store;
    private final Locks locks;
    private final UserService users;
    private final Path dataDir;

    public WatchedFolders(ObjectStore store, Locks locks, UserService users, Path dataDir) {
        this.store = store;
        this.locks = locks;
        this.users = users;
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** The stored form. */
    record Stored(List<WatchedFolder> folders) {
        Stored {
            folders = folders == null ? List.of() : List.copyOf(folders);
        }
    }

    /** Every watched folder, by id. */
    public List<WatchedFolder> list() throws IOException {
        try {
            return Json.read(store.getBytes(SETTINGS), Stored.class).folders().stream()
                    .sorted(Comparator.comparing(WatchedFolder::id)).toList();
        } catch (ObjectNotFoundException e) {
            return List.of();
        }
    }

    public Optional<WatchedFolder> find(String id) throws IOException {
        return list().stream().filter(f -> f.id().equals(id)).findFirst();
    }

    /**
     * Adds the folder, or replaces the one with the same id. Refused ({@link InvalidWatchedFolderException}) when
     * the account is not an enabled scanning account, this server cannot read and write the folder, or the folder
     * overlaps ChartVault's data directory or another watched folder (a file would be taken twice, or an archived
     * file taken from under the store).
     */
    public WatchedFolder put(WatchedFolder folder) throws IOException {
        checkAccount(folder.account());
        Path root = checkFolder(folder.root());
        return locks.withLock(LOCK, () -> {
            List<WatchedFolder> next = new ArrayList<>();
            for (WatchedFolder other : list()) {
                if (other.id().equals(folder.id())) continue;
                if (overlap(root, real(other.root()))) {
                    throw new InvalidWatchedFolderException("The folder " + folder.path() + " is inside or around the"
                            + " watched folder '" + other.id() + "' (" + other.path() + "); every file must belong to one"
                            + " watched folder only.");
                }
                next.add(other);
            }
            next.add(folder);
            save(next);
            return folder;
        });
    }

    /** Stops watching the folder (its files stay where they are); false when there was none with that id. */
    public boolean remove(String id) throws IOException {
        return locks.withLock(LOCK, () -> {
            List<WatchedFolder> current = list();
            List<WatchedFolder> next = current.stream().filter(f -> !f.id().equals(id)).toList();
            if (next.size() == current.size()) return false;
            save(next);
            store.delete(STATUS + id + ".json");
            return true;
        });
    }

    public FolderStatus status(String id) throws IOException {
        try {
            return Json.read(store.getBytes(STATUS + id + ".json"), FolderStatus.class);
        } catch (ObjectNotFoundException e) {
            return FolderStatus.NONE;
        }
    }

    void saveStatus(String id, FolderStatus status) throws IOException {
        store.put(STATUS + id + ".json", Json.bytes(status), "application/json");
    }

    /**
     * Why the account may not file a watched folder's scans, or empty when it may: it must exist, be enabled and
     * hold the scanner role, as an upload through the API must.
     */
    public Optional<String> accountProblem(String account) throws IOException {
        Optional<UserSummary> user = users.find(account);
        if (user.isEmpty()) {
            return Optional.of("There is no user '" + account + "'. Create a scanning account for the station (role"
                    + " scanner) and name it here, so the audit trail says which station sent each file.");
        }
        if (user.get().disabled()) return Optional.of("The account '" + account + "' is disabled; enable it or name another.");
        if (!user.get().roles().contains(Role.SCANNER)) {
            return Optional.of("The account '" + account + "' does not have the scanner role. A watched folder files its"
                    + " scans as an upload by this account, so it must be a scanning account; give it the scanner role"
                    + " or name another.");
        }
        return Optional.empty();
    }

    /** The account's roles, for the audit entry of each pickup. */
    List<String> rolesOf(String account) throws IOException {
        return users.find(account).map(u -> u.roles().stream().map(Role::wire).sorted().toList()).orElse(List.of());
    }

    private void checkAccount(String account) throws IOException {
        Optional<String> problem = accountProblem(account);
        if (problem.isPresent()) throw new InvalidWatchedFolderException(problem.get());
    }

    private Path checkFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new InvalidWatchedFolderException("There is no folder " + folder + " on this server. Mount the share"
                    + " (at the same path on every ChartVault server) and try again.");
        }
        if (!Files.isReadable(folder) || !Files.isWritable(folder)) {
            throw new InvalidWatchedFolderException("ChartVault may not read and write " + folder + ": it reads each"
                    + " file and then moves or deletes it. Give the service's account read and write access.");
        }
        Path root = real(folder);
        if (overlap(root, real(dataDir))) {
            throw new InvalidWatchedFolderException("The folder " + folder + " overlaps ChartVault's own data directory ("
                    + dataDir + "); choose a folder of its own for the scanners.");
        }
        return root;
    }

    private static Path real(Path path) throws IOException {
        try {
            return path.toRealPath();
        } catch (java.nio.file.NoSuchFileException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private static boolean overlap(Path a, Path b) {
        return a.startsWith(b) || b.startsWith(a);
    }

    private void save(List<WatchedFolder> folders) throws IOException {
        store.put(SETTINGS, Json.bytes(new Stored(folders)), "application/json");
    }
}
