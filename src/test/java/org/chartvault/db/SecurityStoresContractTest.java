package org.chartvault.db;

import org.chartvault.security.ApiToken;
import org.chartvault.security.LoginAttempts;
import org.chartvault.security.ObjectStoreLoginAttempts;
import org.chartvault.security.ObjectStoreSessionStore;
import org.chartvault.security.ObjectStoreTokenStore;
import org.chartvault.security.SessionStore;
import org.chartvault.security.StoredSession;
import org.chartvault.security.TokenStore;
import org.chartvault.storage.LocalDiskStore;
import org.chartvault.testing.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sessions, API tokens and login counts behave the same in the object store and in PostgreSQL. */
class SecurityStoresContractTest {
    private static final Duration WINDOW = Duration.ofMinutes(15);
    @TempDir
    static Path dir;
    static Database database;
    static LocalDiskStore store;

    @BeforeAll
    static void open() throws Exception {
        database = Database.open(Postgres.freshDatabase());
        store = new LocalDiskStore(dir.resolve("store"));
    }

    @AfterAll
    static void close() throws Exception {
        database.close();
        store.close();
    }

    static Stream<SessionStore> sessionStores() {
        return Stream.of(new ObjectStoreSessionStore(store), new PostgresSessionStore(database));
    }

    static Stream<TokenStore> tokenStores() {
        return Stream.of(new ObjectStoreTokenStore(store), new PostgresTokenStore(database));
    }

    static Stream<LoginAttempts> loginAttempts() {
        return Stream.of(new ObjectStoreLoginAttempts(store, WINDOW), new PostgresLoginAttempts(database, WINDOW));
    }

    @ParameterizedTest
    @MethodSource("sessionStores")
    void sessionIsFoundTouchedAndEndedAndATouchNeverBringsItBack(SessionStore sessions) throws Exception {
        Instant login = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String id = hex64();
        sessions.create(new StoredSession(id, "clerk", "csrf-" + id, login, login, "10.0.0.1"));
        assertEquals("clerk", sessions.find(id).orElseThrow().username());
        sessions.touch(id, login.plusSeconds(60));
        assertEquals(login.plusSeconds(60), sessions.find(id).orElseThrow().lastSeen());
        assertTrue(sessions.all().stream().anyMatch(s -> s.id().equals(id)));
        sessions.delete(id);
        sessions.touch(id, login.plusSeconds(120));
        assertTrue(sessions.find(id).isEmpty(), "a touch after the logout must not bring the session back");
        sessions.delete(id); // ending it again is not an error
    }

    @ParameterizedTest
    @MethodSource("tokenStores")
    void tokenIsFoundByItsSecretsHashListedAndRevoked(TokenStore tokens) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ApiToken token = new ApiToken("tok_" + UUID.randomUUID(), "nightly", "clerk", now, hex64(), now.plus(Duration.ofDays(90)));
        tokens.create(token);
        assertEquals(token, tokens.findBySecretHash(token.secretSha256()).orElseThrow());
        assertTrue(tokens.all().contains(token));
        tokens.delete(token);
        assertTrue(tokens.findBySecretHash(token.secretSha256()).isEmpty());
        assertFalse(tokens.all().contains(token));
    }

    @ParameterizedTest
    @MethodSource("loginAttempts")
    void parallelTriesFromOneAddressGetExactlyTheLimit(LoginAttempts attempts) throws Exception {
        String address = "192.0.2." + (int) (Math.random() * 250);
        Instant now = Instant.now();
        int tries = 20;
        CyclicBarrier together = new CyclicBarrier(tries);
        ExecutorService threads = Executors.newFixedThreadPool(tries);
        List<Future<Boolean>> answers = new ArrayList<>();
        for (int i = 0; i < tries; i++) {
            Callable<Boolean> tryOnce = () -> {
                together.await();
                return attempts.tryCount(address, now, 5);
            };
            answers.add(threads.submit(tryOnce));
        }
        int counted = 0;
        for (Future<Boolean> a : answers) if (a.get()) counted++;
        threads.shutdown();
        assertEquals(5, counted, "the limit, not one more, whatever the timing");
        assertEquals(5, attempts.recentFailures(address, now));
        attempts.forgive(address, now);
        assertEquals(4, attempts.recentFailures(address, now), "a try that succeeded is taken back");
        Instant later = now.plus(WINDOW).plusSeconds(1);
        assertEquals(0, attempts.recentFailures(address, later), "the window ran out");
        assertTrue(attempts.tryCount(address, later, 5), "and a new one starts");
        assertEquals(1, attempts.recentFailures(address, later));
    }

    private static String hex64() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 64);
    }
}
