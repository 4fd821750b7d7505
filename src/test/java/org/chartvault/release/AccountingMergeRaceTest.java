package org.chartvault.release;

import org.chartvault.storage.InProcessLocks;
import org.chartvault.storage.LocalDiskStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same merge delivered twice at the same moment (two nodes each taking the ADT message, or a resend while the first
 * is still moving) on a real store: each moves under the retired MRN's lock, so neither reads an entry the other has
 * just deleted, and the history ends up once under the surviving MRN.
 */
class AccountingMergeRaceTest {
    @TempDir
    Path data;

    @Test
    void twoMovesOfOneMergeRacedMoveEachEntryOnceAndNeitherFails() throws Exception {
        LocalDiskStore store = new LocalDiskStore(data);
        try {
            ReleaseRepository releases = new ReleaseRepository(store, new InProcessLocks(), Clock.systemUTC());
            Accounting accounting = new Accounting(store, new InProcessLocks(), releases,
                    new StoredReleaseSettings(store, new InProcessLocks(), ReleaseSettings.DEFAULTS, java.time.Duration.ofSeconds(1)), mrn -> List.of(), Clock.systemUTC());
            for (int round = 0; round < 5; round++) {
                String prior = "OLD-" + round, surviving = "NEW-" + round;
                for (int i = 0; i < 40; i++) {
                    accounting.enter(prior, null, new ManualDisclosure(LocalDate.now().minusDays(i), null,
                            "Registry " + i, null, "Reportable condition", "Lab result " + i, RequestType.PUBLIC_HEALTH), "clerk");
                }
                CyclicBarrier together = new CyclicBarrier(2);
                List<CompletableFuture<Accounting.Moved>> moves = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    moves.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            together.await();
                            return accounting.moveOnMerge(prior, surviving);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
                int moved = 0;
                for (var move : moves) moved += move.get().disclosures().size(); // a failed move throws here
                assertEquals(40, moved, "each entry moved by one of the two");
                assertEquals(40, accounting.log(surviving, null, null).size());
                assertEquals(0, accounting.log(prior, null, null).size());
            }
        } finally {
            store.close();
        }
    }
}
