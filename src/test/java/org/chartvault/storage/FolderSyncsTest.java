package org.chartvault.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FolderSyncsTest {

    @TempDir
    Path dir;

    @Test
    void racingWritersShareFsyncsAndNoFolderStaysTrackedOnceTheyReturn() throws Exception {
        AtomicInteger fsyncs = new AtomicInteger();
        FolderSyncs syncs = new FolderSyncs(channel -> {
            fsyncs.incrementAndGet();
            try {
                Thread.sleep(5); // a disk slow enough for writers to meet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            channel.force(true);
        });
        List<Path> folders = new ArrayList<>();
        for (int i = 0; i < 20; i++) folders.add(Files.createDirectory(dir.resolve("doc" + i)));
        int calls = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> done = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (Path folder : folders) {
                    done.add(pool.submit(() -> {
                        syncs.sync(folder);
                        return null;
                    }));
                    calls++;
                }
            }
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        }
        assertTrue(fsyncs.get() <= calls, fsyncs + " fsyncs for " + calls + " calls");
        assertEquals(0, syncs.tracked(), "folders still tracked after every sync returned");
    }
}
