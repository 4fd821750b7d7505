package org.chartvault.storage;

import org.chartvault.testing.FaultInjectingStore;
import org.chartvault.testing.ForwardingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A settings object each node keeps in memory: fresh where it was changed, checked (not re-read) elsewhere. */
class SharedSettingTest {
    private static final String KEY = "settings/test.txt";
    private static final Duration NEVER_WITHIN_A_TEST = Duration.ofHours(1);

    @TempDir
    Path temp;

    /** The real store, counting stats and reads of objects. */
    static final class Counting extends ForwardingStore {
        final AtomicInteger stats = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();

        Counting(ObjectStore real) {
            super(real);
        }

        @Override
        public InputStream get(String key) throws IOException {
            reads.incrementAndGet();
            return super.get(key);
        }

        @Override
        public Optional<ObjectInfo> stat(String key) throws IOException {
            stats.incrementAndGet();
            return super.stat(key);
        }
    }

    private static SharedSetting<String> setting(ObjectStore store, Duration recheck) {
        return new SharedSetting<>(store, KEY, bytes -> new String(bytes, StandardCharsets.UTF_8), () -> "default", recheck);
    }

    private static void save(SharedSetting<String> setting, String value) throws IOException {
        setting.save(value, value.getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    @Test
    void aValueSavedThroughOneNodeIsInForceThereAtOnceAndOnAnotherAtItsNextCheck() throws IOException {
        try (ObjectStore store = new LocalDiskStore(temp.resolve("store"))) {
            SharedSetting<String> here = setting(store, NEVER_WITHIN_A_TEST);
            SharedSetting<String> there = setting(store, Duration.ZERO);
            assertEquals("default", here.get());
            assertEquals("default", there.get());

            save(here, "psychotherapy: legal only");
            assertEquals("psychotherapy: legal only", here.get(), "on the node that saved it, at once");
            assertEquals("psychotherapy: legal only", there.get(), "on another node, at its next check");
            save(there, "psychotherapy: roi, legal");
            assertEquals("psychotherapy: legal only", here.get(), "within its recheck interval a node keeps its copy");
            assertEquals("psychotherapy: roi, legal", here.fresh(), "a read-change-write asks the store");
        }
    }

    @Test
    void anUnchangedObjectIsCheckedButNotReadAgain() throws IOException {
        try (Counting store = new Counting(new LocalDiskStore(temp.resolve("store")))) {
            save(setting(store, Duration.ZERO), "types v1");
            SharedSetting<String> checkedEachTime = setting(store, Duration.ZERO);
            for (int i = 0; i < 20; i++) assertEquals("types v1", checkedEachTime.get());
            assertEquals(1, store.reads.get(), "read once");
            assertEquals(20, store.stats.get(), "checked on every get when the interval is zero");

            SharedSetting<String> checkedRarely = setting(store, NEVER_WITHIN_A_TEST);
            store.stats.set(0);
            store.reads.set(0);
            for (int i = 0; i < 20; i++) assertEquals("types v1", checkedRarely.get());
            assertEquals(1, store.reads.get());
            assertEquals(1, store.stats.get(), "within the interval the store is not asked at all");
        }
    }

    @Test
    void whenTheStoreCannotAnswerTheCheckTheOldCopyIsNotUsed() throws IOException {
        try (FaultInjectingStore store = new FaultInjectingStore(new LocalDiskStore(temp.resolve("store")))) {
            SharedSetting<String> setting = setting(store, Duration.ZERO);
            save(setting, "categories v1");
            assertEquals("categories v1", setting.get());

            store.down(FaultInjectingStore.Operation.ALL);
            assertThrows(IOException.class, setting::get, "a copy that could not be checked is not answered with");
            store.heal();
            assertEquals("categories v1", setting.get());
        }
    }

    @Test
    @Timeout(60)
    void readersRacingSavesNeverGoBackToAnOlderValue() throws Exception {
        try (ObjectStore store = new LocalDiskStore(temp.resolve("store"))) {
            SharedSetting<String> setting = setting(store, Duration.ZERO);
            SharedSetting<String> otherNode = setting(store, Duration.ZERO);
            save(setting, "v000");
            AtomicBoolean done = new AtomicBoolean();
            List<CompletableFuture<Void>> readers = new ArrayList<>();
            for (SharedSetting<String> reading : List.of(setting, setting, otherNode)) {
                readers.add(CompletableFuture.runAsync(() -> {
                    String last = "v000";
                    while (!done.get()) {
                        String now;
                        try {
                            now = reading.get();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        assertTrue(now.compareTo(last) >= 0, "went back from " + last + " to " + now);
                        last = now;
                    }
                }));
            }
            for (int i = 1; i <= 60; i++) {
                String value = String.format("v%03d", i);
                save(setting, value);
                assertEquals(value, setting.get(), "a save is in force on its node as soon as it returns");
            }
            done.set(true);
            CompletableFuture.allOf(readers.toArray(CompletableFuture[]::new)).get();
            assertEquals("v060", otherNode.get());
        }
    }
}
