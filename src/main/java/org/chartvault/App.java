package org.chartvault;

import org.chartvault.audit.AuditLog;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentEvents;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.DocumentService;
import org.chartvault.document.DocumentStatus;
import org.chartvault.http.HttpApi;
import org.chartvault.index.LuceneSearchIndex;
import org.chartvault.index.SearchIndex;
import org.chartvault.ingest.BatchEvents;
import org.chartvault.ingest.BatchRepository;
import org.chartvault.ingest.BatchService;
import org.chartvault.ingest.DocumentProcessor;
import org.chartvault.ingest.IngestService;
import org.chartvault.ingest.Job;
import org.chartvault.ingest.JobWorkers;
import org.chartvault.ingest.PageCountInspector;
import org.chartvault.ingest.JobQueue;
import org.chartvault.ingest.StoredJobQueue;
import org.chartvault.imaging.PageLimits;
import org.chartvault.ocr.OcrSettings;
import org.chartvault.ocr.PageProcessor;
import org.chartvault.ocr.SearchablePdfWriter;
import org.chartvault.security.AdminBootstrap;
import org.chartvault.security.LoginService;
import org.chartvault.security.ObjectStoreLoginAttempts;
import org.chartvault.security.ObjectStoreSessionStore;
import org.chartvault.security.ObjectStoreTokenStore;
import org.chartvault.security.ObjectStoreUserStore;
import org.chartvault.security.PasswordHasher;
import org.chartvault.security.PasswordPolicy;
import org.chartvault.security.SecuritySettings;
import org.chartvault.security.SessionService;
import org.chartvault.security.TokenService;
import org.chartvault.security.UserService;
import org.chartvault.security.UserStore;
import org.chartvault.storage.InProcessLocks;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectStore;
import org.chartvault.storage.ObjectStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * ChartVault wired by hand: every capability is constructed here from the configuration, in the order the
 * pipeline runs, and closed in reverse. Tests build it the same way on a temporary data directory.
 */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);

    private final Config config;
    private final Clock clock;
    /** The store to run on when the caller made it (see {@link #open(Config, ObjectStore)}); null: the configured one. */
    private final ObjectStore givenStore;
    private DataDirectory data;
    private ObjectStore store;
    private SearchIndex index;
    private boolean indexWasEmpty;
    private JobQueue jobs;
    private AuditLog audit;
    private DocumentRepository documents;
    private BatchService batches;
    private BatchEvents batchEvents;
    private IngestService ingest;
    private DocumentService documentService;
    private DocumentEvents documentEvents;
    private DocumentProcessor processor;
    private JobWorkers workers;
    private UserService users;
    private AdminBootstrap bootstrap;
    private HttpApi http;
    private ScheduledExecutorService maintenance;
    private final List<AutoCloseable> closeInReverse = new ArrayList<>();
    private boolean serving;

    private App(Config config, Clock clock, ObjectStore givenStore) throws IOException {
        this.config = config;
        this.clock = clock;
        this.givenStore = givenStore;
        try {
            wire();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void wire() throws IOException {
        data = DataDirectory.take(config.dataDir());
        closeInReverse.add(data);
        Files.createDirectories(config.dataDir().resolve("tmp"));
        store = givenStore != null ? givenStore : ObjectStores.open(config.storage());
        closeInReverse.add(store);
        Locks locks = new InProcessLocks();
        audit = AuditLog.inObjectStore(store, clock);
        audit.completeInterruptedAppends();

        indexWasEmpty = !Files.isDirectory(config.indexDir());
        index = new LuceneSearchIndex(config.indexDir());
        closeInReverse.add(index);
        documents = new DocumentRepository(store, locks, clock);
        BatchRepository batchRepository = new BatchRepository(store);
        batches = new BatchService(batchRepository, documents);
        batchEvents = new BatchEvents();
        jobs = new StoredJobQueue(store, clock);
        closeInReverse.add(jobs);
        documentEvents = new DocumentEvents();
        ingest = new IngestService(store, documents, batchRepository, jobs, new PageCountInspector(limits()),
                documentEvents, config.limits(), config.dataDir().resolve("tmp"), clock);
        documentService = new DocumentService(store, documents, index, documentEvents);

        PageProcessor pages = new PageProcessor(OcrSettings.from(config.ocr()));
        closeInReverse.add(pages);
        processor = new DocumentProcessor(store, documents, index, pages, new SearchablePdfWriter(config.ocr().tessdata()),
                limits(), config.ocr().reviewConfidence(), config.ocr().workers(), config.dataDir().resolve("tmp"),
                batchEvents, documentEvents);
        workers = new JobWorkers(jobs, Map.of(Job.PROCESS_DOCUMENT, processor), config.ocr().workers());
        closeInReverse.add(workers);

        SecuritySettings security = SecuritySettings.from(config.security());
        UserStore userStore = new ObjectStoreUserStore(store);
        PasswordHasher hasher = new PasswordHasher(PasswordHasher.Settings.RECOMMENDED);
        PasswordPolicy policy = new PasswordPolicy();
        SessionService sessions = new SessionService(new ObjectStoreSessionStore(store), userStore, audit, clock, security);
        LoginService logins = new LoginService(userStore, hasher, sessions,
                new ObjectStoreLoginAttempts(store, security.addressWindow()), audit, clock, security);
        TokenService tokens = new TokenService(new ObjectStoreTokenStore(store), userStore, audit, clock);
        users = new UserService(userStore, hasher, policy, audit, clock);
        bootstrap = new AdminBootstrap(userStore, hasher, policy, audit, clock);

        http = new HttpApi(HttpApi.services(config, ingest, batches, batchEvents, documentService, index, logins,
                sessions, users, tokens, audit));
        maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "maintenance");
            t.setDaemon(true);
            return t;
        });
        maintenance.scheduleWithFixedDelay(() -> {
            try {
                sessions.removeExpired();
            } catch (IOException | RuntimeException e) {
                log.warn("Removing expired sessions failed; will try again", e);
            }
        }, 5, 5, TimeUnit.MINUTES);
    }

    /** Opens every component on the configured data directory and store; nothing runs until started. */
    public static App open(Config config) throws IOException {
        return open(config, Clock.systemUTC());
    }

    public static App open(Config config, Clock clock) throws IOException {
        return new App(config, clock, null);
    }

    /**
     * Opens on an object store the caller built instead of the configured one: the reliability tests run the
     * whole service over the real store wrapped in a fault injector. The App closes the store when it closes.
     */
    public static App open(Config config, ObjectStore store) throws IOException {
        return new App(config, Clock.systemUTC(), Objects.requireNonNull(store, "store"));
    }

    /** Starts the background workers that process queued documents (resuming any a crash interrupted). */
    public void startWorkers() {
        workers.start();
    }

    /** Creates the first administrator if needed, rebuilds a missing index, starts workers and the HTTP API. */
    public void startServing() throws IOException {
        AdminBootstrap.Result admin = bootstrap.ensureAdmin(config.adminPassword());
        if (admin.created()) {
            if (admin.generatedPassword() != null) {
                System.out.println("\nChartVault created the administrator 'admin' with this password (shown once):\n\n    "
                        + admin.generatedPassword() + "\n\nLog in and change it, or set CHARTVAULT_ADMIN_PASSWORD before the first start.\n");
            } else {
                log.info("Created the administrator 'admin' with the password from CHARTVAULT_ADMIN_PASSWORD");
            }
        }
        if (indexWasEmpty && !documents.allIds().isEmpty()) {
            log.info("The search index is missing; rebuilding it from storage");
            reindex();
        }
        startWorkers();
        http.start(config.port());
        serving = true;
        log.info("ChartVault is serving on http://localhost:{}/ (storage: {}, data: {})", http.port(), store.describe(),
                config.dataDir());
    }

    /**
     * Rebuilds the search index from storage alone: every processed document's pages, as stored.
     * Returns the number of documents indexed.
     */
    public int reindex() throws IOException {
        index.clear();
        int indexed = 0;
        for (String id : documents.allIds()) {
            Document document = documents.find(id).orElse(null);
            if (document == null || !document.status().isSettled() || document.status() == DocumentStatus.FAILED) continue;
            index.index(document, documentService.searchablePages(document));
            indexed++;
        }
        try {
            index.awaitDurable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while committing the rebuilt index", e);
        }
        return indexed;
    }

    public Config config() {
        return config;
    }

    public int port() {
        return http.port();
    }

    public HttpApi http() {
        return http;
    }

    public IngestService ingest() {
        return ingest;
    }

    public BatchService batches() {
        return batches;
    }

    public AuditLog audit() {
        return audit;
    }

    public DocumentService documents() {
        return documentService;
    }

    public SearchIndex index() {
        return index;
    }

    public UserService users() {
        return users;
    }

    public ObjectStore store() {
        return store;
    }

    /** Stops taking requests, lets workers finish the page in hand, commits the index, releases the data directory. */
    @Override
    public void close() {
        if (maintenance != null) maintenance.shutdownNow();
        if (processor != null) processor.stop();
        if (serving) http.stop();
        for (int i = closeInReverse.size() - 1; i >= 0; i--) {
            try {
                closeInReverse.get(i).close();
            } catch (Exception e) {
                log.warn("Closing {} failed", closeInReverse.get(i).getClass().getSimpleName(), e);
            }
        }
    }

    private PageLimits limits() {
        return new PageLimits(config.limits().maxPages(), config.limits().maxPixelsPerPage());
    }
}
