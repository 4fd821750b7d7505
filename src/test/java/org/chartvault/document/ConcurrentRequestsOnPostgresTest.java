package org.chartvault.document;

import org.chartvault.testing.Postgres;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;

/** The same races, with the locks, sessions, tokens, audit numbers and jobs in a real PostgreSQL. */
class ConcurrentRequestsOnPostgresTest extends ConcurrentRequestsContract {

    @BeforeAll
    static void start() throws IOException {
        startWith(Postgres.environment(Postgres.freshDatabase()));
    }
}
