package org.chartvault.matter;

import org.chartvault.Sha256;
import org.chartvault.Json;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Hands out each matter's Bates numbers: one sequence per matter across its productions and release packets, so
 * that no number is used twice within a matter. A claim reads the matter's ranges, adds one after the last and
 * stores them, all under the matter's lock (in this process, or a PostgreSQL advisory lock shared by every node);
 * the ranges live in the object store, the system of record, so a restart continues the sequence.
 * <p>
 * A claim is made once per owner: asked again (a production rebuilt after a crash, a packet produced again) the
 * owner gets its range back. Numbers a crash left unused stay unused: a matter may have gaps, never repeats.
 */
public final class BatesLedger {
    /** One small object per matter: its ranges, a few per production or packet, read and written whole. */
    static final String PREFIX = "matters/";

    private final ObjectStore store;
    private final Locks locks;
    private final Clock clock;

    public BatesLedger(ObjectStore store, Locks locks, Clock clock) {
        this.store = store;
        this.locks = locks;
        this.clock = clock;
    }

    /**
     * A range of {@code count} numbers for {@code owner} in {@code matter}: the owner's own range when it has one that
     * long, otherwise a new one from the matter's next free number (or from {@code atLeast} when that is later).
     */
    public BatesRange claim(String matter, String owner, String kind, long count, long atLeast, String by)
            throws IOException {
        if (count < 1) count = 1; // an empty production still takes no number from anyone else; keep ranges non-empty
        long wanted = count;
        String key = key(matter);
        return locks.withLock("bates:" + key, () -> {
            MatterNumbering current = read(key).orElse(new MatterNumbering(matter.strip(), List.of()));
            for (BatesRange range : current.ranges()) {
                if (range.owner().equals(owner) && range.count() >= wanted) return range;
            }
            long first = Math.max(current.next(), Math.max(1, atLeast));
            BatesRange claimed = new BatesRange(owner, kind, first, first + wanted - 1, by, clock.instant());
            List<BatesRange> ranges = new ArrayList<>(current.ranges());
            ranges.add(claimed);
            store.put(key, Json.bytes(new MatterNumbering(current.matter(), ranges)), "application/json");
            return claimed;
        });
    }

    /** The first number of the matter no production or packet has used yet. */
    public long next(String matter) throws IOException {
        return read(key(matter)).map(MatterNumbering::next).orElse(1L);
    }

    /** Refuses a first number an earlier range of the matter used already. */
    public void requireFree(String matter, long first) throws IOException {
        long next = next(matter);
        if (first < next) throw new BatesTakenException(matter, first, next);
    }

    /** Every range of the matter, in the order they were handed out. */
    public List<BatesRange> ranges(String matter) throws IOException {
        return read(key(matter)).map(MatterNumbering::ranges).orElse(List.of());
    }

    private Optional<MatterNumbering> read(String key) throws IOException {
        try {
            return Optional.of(Json.read(store.getBytes(key), MatterNumbering.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * The matter's object: named by a hash of its name without case or spacing ("2026-CV-0042" and "2026-cv-0042 "
     * are one matter), since a matter's name may hold any character and must not make a key of its own choosing.
     */
    static String key(String matter) {
        if (matter == null || matter.isBlank()) throw new IllegalArgumentException("A matter needs a name.");
        String normal = matter.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        return PREFIX + HexFormat.of().formatHex(Sha256.of(normal), 0, 16) + "/bates.json";
    }
}
