package org.chartvault.security;

import org.chartvault.Config;
import org.chartvault.db.Database;
import org.chartvault.db.PostgresLocks;
import org.chartvault.storage.MinioStore;
import org.chartvault.testing.Ceph;
import org.chartvault.testing.Postgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * On an Object Lock bucket of Ceph's radosgw, which ignores {@code If-None-Match: *}, two nodes creating one user
 * name at the same instant must still make one user: the name is claimed under its lock in PostgreSQL.
 */
@Tag("long")
class UserNamesOnCephTest {
    @Test
    void racingCreatorsOfOneNameOnTwoNodesMakeOneUser() throws Exception {
        Config.Database settings = Postgres.freshDatabase();
        MinioStore.Settings bucket = new MinioStore.Settings(Ceph.endpoint(), Ceph.ACCESS_KEY, Ceph.SECRET_KEY,
                "user-names-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE), true, true);
        String hash = new PasswordHasher(new PasswordHasher.Settings(1024, 1, 1)).hash("Not-Used-Here-42");
        int creators = 16;
        try (Database database = Database.open(settings); MinioStore nodeA = new MinioStore(bucket);
             MinioStore nodeB = new MinioStore(bucket)) {
            assertFalse(nodeA.supportsCreateIfAbsent(), "the race is only worth running where the store cannot decide it");
            List<ObjectStoreUserStore> nodes = List.of(
                    new ObjectStoreUserStore(nodeA, new PostgresLocks(database.dataSource())),
                    new ObjectStoreUserStore(nodeB, new PostgresLocks(database.dataSource())));
            ExecutorService pool = Executors.newFixedThreadPool(creators);
            try {
                for (int round = 0; round < 5; round++) {
                    User user = User.created("racer" + round, Set.of(Role.ROI), hash, Instant.now(), false);
                    CyclicBarrier together = new CyclicBarrier(creators);
                    List<Future<Boolean>> created = new ArrayList<>();
                    for (int i = 0; i < creators; i++) {
                        ObjectStoreUserStore node = nodes.get(i % 2);
                        created.add(pool.submit(() -> {
                            together.await();
                            return node.create(user);
                        }));
                    }
                    int made = 0;
                    for (Future<Boolean> c : created) made += c.get() ? 1 : 0;

                    assertEquals(1, made, "round " + round + ": creators told the name was theirs");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
