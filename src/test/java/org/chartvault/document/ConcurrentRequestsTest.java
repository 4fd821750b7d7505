package org.chartvault.document;

import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.util.Map;

/** The races on the embedded default: locks in this process, state in the object store. */
class ConcurrentRequestsTest extends ConcurrentRequestsContract {

    @BeforeAll
    static void start() throws IOException {
        startWith(Map.of());
    }
}
