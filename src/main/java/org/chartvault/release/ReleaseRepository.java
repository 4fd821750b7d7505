package org.chartvault.release;

import org.chartvault.Json;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Release records and the accounting of disclosures as stored objects. Every change of a release goes through
 * {@link #update} under the release's lock, so two clerks (or a clerk and a double click) cannot overwrite
 * each other or produce a packet twice.
 */
public final class ReleaseRepository {
    private static final String JSON = "application/json";

    private final ObjectStore store;
    private final Locks locks;
    private final Clock clock;

    public ReleaseRepository(ObjectStore store, Locks locks, Clock clock) {
        this.store = store;
        this.locks = locks;
        this.clock = clock;
    }

    public Optional<Release> find(String releaseId) throws IOException {
        try {
            return Optional.of(Json.read(store.getBytes(ReleaseKeys.release(releaseId)), Release.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    public Release get(String releaseId) throws IOException, ReleaseNotFoundException {
        return find(releaseId).orElseThrow(() -> new ReleaseNotFoundException(releaseId));
    }

    public Release create(Release release) throws IOException {
        Release stamped = release.nextVersion(clock.instant());
        if (store.putIfAbsent(ReleaseKeys.release(stamped.releaseId()), Json.bytes(stamped), JSON).isEmpty()) {
            throw new IllegalStateException("release " + release.releaseId() + " exists already");
        }
        return stamped;
    }

    /** Work done on one release while holding its lock. */
    @FunctionalInterface
    public interface Change {
        Release apply(Release current) throws IOException;
    }

    /**
     * Applies {@code change} to the current record under the release's lock and stores the result (unless it
     * is unchanged). The change may do slow work (producing the packet) and may throw to leave the record as it is.
     */
    public Release update(String releaseId, Change change) throws IOException, ReleaseNotFoundException {
        Release updated = locks.withLock(lockName(releaseId), () -> {
            Optional<Release> current = find(releaseId);
            if (current.isEmpty()) return null;
            Release changed = change.apply(current.get());
            if (changed.equals(current.get())) return changed;
            Release stamped = changed.nextVersion(clock.instant());
            store.put(ReleaseKeys.release(releaseId), Json.bytes(stamped), JSON);
            return stamped;
        });
        if (updated == null) throw new ReleaseNotFoundException(releaseId);
        return updated;
    }

    /** The name of a release's lock. */
    static String lockName(String releaseId) {
        return "release:" + releaseId;
    }

    /** Every release, read from storage alone. */
    public List<Release> all() throws IOException {
        List<Release> releases = new ArrayList<>();
        for (String folder : store.listFolders(ReleaseKeys.RELEASES)) {
            String id = folder.substring(ReleaseKeys.RELEASES.length(), folder.length() - 1);
            find(id).ifPresent(releases::add);
        }
        return releases;
    }

    public void saveDisclosure(Disclosure disclosure) throws IOException {
        store.put(ReleaseKeys.disclosure(disclosure.mrn(), disclosure.releaseId()), Json.bytes(disclosure), JSON);
    }

    /** The patient's disclosures in the order they were stored (sort them by date to show them). */
    public List<Disclosure> disclosures(String mrn) throws IOException {
        List<Disclosure> found = new ArrayList<>();
        for (String key : store.list(ReleaseKeys.disclosures(mrn))) {
            found.add(Json.read(store.getBytes(key), Disclosure.class));
        }
        return found;
    }
}
