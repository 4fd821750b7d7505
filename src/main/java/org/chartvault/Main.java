package org.chartvault;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/** The commands of the {@code chartvault} launcher. */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "serve" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        try {
            int status = switch (command) {
                case "serve" -> serve();
                case "import" -> importFolder(rest);
                case "reindex" -> reindex();
                default -> {
                    System.err.println("Unknown command '" + command + "'. Commands: serve, import DIR, reindex.");
                    yield 2;
                }
            };
            System.exit(status);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("chartvault: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            log.error("chartvault {} failed", command, e);
            System.exit(1);
        }
    }

    private static int serve() throws Exception {
        Config config = Config.fromEnvironment();
        App app = App.open(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "shutdown"));
        app.startServing();
        stopped.await();
        return 0;
    }

    private static int importFolder(String[] args) throws Exception {
        if (args.length != 1) throw new IllegalArgumentException("usage: chartvault import DIR");
        Path folder = Path.of(args[0]).toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) throw new IllegalArgumentException(folder + " is not a folder");
        try (App app = App.open(Config.fromEnvironment())) {
            return new BulkImport(app, System.err).run(folder);
        }
    }

    private static int reindex() throws Exception {
        try (App app = App.open(Config.fromEnvironment())) {
            long started = System.nanoTime();
            // the launcher says whether standard error is a terminal (as for import's progress bar)
            int documents = app.reindex(new ReindexProgress(System.err, Boolean.getBoolean("chartvault.tty")));
            System.err.printf("Reindexed %d document(s) from storage in %.1f s%n", documents,
                    (System.nanoTime() - started) / 1e9);
            return 0;
        }
    }
}
