package org.chartvault.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.chartvault.Config;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The PostgreSQL database that several ChartVault nodes share their coordination state through (locks, job
 * leases, sessions, tokens, login counts, leader leases), when {@code CHARTVAULT_DATABASE_URL} is set. What a
 * hospital must keep stays in the object store; losing this database loses only what is listed in the README.
 * The schema is migrated by Flyway at start ({@code db/migration}), so every node runs on the same one.
 */
public final class Database implements AutoCloseable {
    /** Connections per node: workers, the HTTP threads' short queries, and the connections locks are held on. */
    private static final int POOL_SIZE = 16;

    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    /** Connects, and brings the schema up to date (each migration runs once, whichever node starts first). */
    public static Database open(Config.Database settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        if (settings.user() != null) config.setUsername(settings.user());
        if (settings.password() != null) config.setPassword(settings.password());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setPoolName("chartvault");
        HikariDataSource pool = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool);
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Work inside one transaction: committed when it returns, rolled back when it throws. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    public <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
