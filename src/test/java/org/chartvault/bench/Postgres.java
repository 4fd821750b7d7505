package org.chartvault.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster from the Debian packages (initdb + pg_ctl) in a temporary folder, listening on
 * loopback only, trust authentication, stopped and deleted on close. PostgreSQL refuses to run as root, so when
 * the benchmark runs as root the server runs as the {@code postgres} user the Debian package creates.
 */
final class Postgres implements AutoCloseable {
    private final Path dir;
    private final Path data;
    private final Path bin;
    private final int port;
    private final boolean asPostgresUser;

    private Postgres(Path dir, Path bin, int port, boolean asPostgresUser) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.bin = bin;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /**
     * Starts a cluster tuned the way one would for a search workload on this machine: a quarter of the memory
     * would be the usual shared_buffers advice, but both engines here rely on the operating system's page cache
     * for the rest, so 2 GB of shared buffers, 64 MB of work memory, 1 GB for index builds. Durability settings
     * are off (fsync, synchronous_commit): they cost only the load, not the searches measured.
     */
    static Postgres start() throws IOException, InterruptedException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("chartvault-bench-pg-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Postgres pg = new Postgres(dir, bin, port, root);
        if (root) run(List.of("chown", "postgres:postgres", dir.toString()), false);
        pg.pg("initdb", "-D", pg.data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale");
        String settings = """

                # chartvault bench
                listen_addresses = '127.0.0.1'
                port = %d
                unix_socket_directories = '%s'
                shared_buffers = 2GB
                work_mem = 64MB
                maintenance_work_mem = 1GB
                effective_cache_size = 16GB
                max_parallel_workers_per_gather = 2
                max_parallel_maintenance_workers = 2
                random_page_cost = 1.1
                fsync = off
                synchronous_commit = off
                full_page_writes = off
                max_wal_size = 8GB
                checkpoint_timeout = 30min
                jit = off
                """.formatted(port, dir);
        Files.writeString(pg.data.resolve("postgresql.conf"), Files.readString(pg.data.resolve("postgresql.conf")) + settings);
        pg.pg("pg_ctl", "-D", pg.data.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60", "start");
        return pg;
    }

    String version() throws SQLException {
        try (Connection c = connect(); var s = c.createStatement(); var rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1);
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres");
    }

    /** Bytes used by a table with its indexes and TOAST. */
    long totalBytes(String table) throws SQLException {
        try (Connection c = connect(); var s = c.prepareStatement("SELECT pg_total_relation_size(?)")) {
            s.setString(1, table);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            pg("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private void pg(String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) command.addAll(List.of("runuser", "-u", "postgres", "--"));
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        run(command, true);
    }

    private static void run(List<String> command, boolean quiet) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + output);
        }
        if (!quiet) System.err.print(output);
    }

    /** The newest /usr/lib/postgresql/N/bin with initdb in it. */
    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("PostgreSQL is not installed (/usr/lib/postgresql is missing); "
                    + "install the Debian package postgresql, or run with --postgres false");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("no initdb under /usr/lib/postgresql/*/bin"));
        }
    }
}
