package org.chartvault;

import ca.uhn.fhir.context.FhirContext;
import org.chartvault.audit.AuditKeys;
import org.chartvault.audit.AuditLog;
import org.chartvault.db.Database;
import org.chartvault.db.PostgresAuditChain;
import org.chartvault.db.PostgresJobQueue;
import org.chartvault.db.PostgresLocks;
import org.chartvault.db.PostgresBatchRelay;
import org.chartvault.db.PostgresLeases;
import org.chartvault.storage.Leases;
import org.chartvault.audit.ObjectStoreAuditChain;
import org.chartvault.db.PostgresLoginAttempts;
import org.chartvault.db.PostgresSessionStore;
import org.chartvault.db.PostgresTokenStore;
import org.chartvault.capture.CaptureService;
import org.chartvault.capture.DocumentTypeCatalog;
import org.chartvault.document.DocumentEvents;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.DocumentService;
import org.chartvault.document.OriginalOwners;
import org.chartvault.access.DocumentAccess;
import org.chartvault.fhir.DocumentTypeCodes;
import org.chartvault.fhir.FhirFace;
import org.chartvault.fhir.FhirSettings;
import org.chartvault.fhir.IndexedPatientDirectory;
import org.chartvault.fhir.RegistryPatientDirectory;
import org.chartvault.chart.PatientMerge;
import org.chartvault.release.Accounting;
import org.chartvault.hold.ExportService;
import org.chartvault.matter.BatesLedger;
import org.chartvault.hold.HoldRepository;
import org.chartvault.amendment.AmendmentRepository;
import org.chartvault.amendment.AmendmentService;
import org.chartvault.hold.HoldService;
import org.chartvault.http.HttpApi;
import org.chartvault.index.IndexFollower;
import org.chartvault.index.IndexRebuild;
import org.chartvault.index.LuceneSearchIndex;
import org.chartvault.index.OpenSearchIndex;
import org.chartvault.index.SearchIndex;
import org.chartvault.ingest.BatchEvents;
import org.chartvault.ingest.WorkFiles;
import org.chartvault.ingest.BatchRepository;
import org.chartvault.ingest.BatchService;
import org.chartvault.ingest.DocumentProcessor;
import org.chartvault.ingest.IngestService;
import org.chartvault.jobs.Job;
import org.chartvault.jobs.JobWorkers;
import org.chartvault.ingest.PageCountInspector;
import org.chartvault.ingest.PageEditor;
import org.chartvault.jobs.JobQueue;
import org.chartvault.jobs.StoredJobQueue;
import org.chartvault.imaging.PageLimits;
import org.chartvault.document.PageImageStore;
import org.chartvault.ocr.OcrSettings;
import org.chartvault.ocr.PageProcessor;
import org.chartvault.ocr.SearchablePdfWriter;
import org.chartvault.ocr.SearchablePdfs;
import org.chartvault.originals.Originals;
import org.chartvault.patient.AdtReceiver;
import org.chartvault.patient.MrnCheck;
import org.chartvault.patient.PatientRegistry;
import org.chartvault.release.PacketWriter;
import org.chartvault.release.ReleaseRepository;
import org.chartvault.release.ReleaseService;
import org.chartvault.release.ReleaseSettings;
import org.chartvault.release.SensitiveCategories;
import org.chartvault.release.StoredReleaseSettings;
import org.chartvault.retention.RetentionScheduler;
import org.chartvault.retention.RetentionService;
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
import org.chartvault.watch.FolderWatcher;
import org.chartvault.watch.WatchedFolders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private final List<AutoCloseable> closeInReverse = new ArrayList<>();
    private final ObjectStore store;
    private final SearchIndex index;
    private final boolean indexWasEmpty;
    private final AuditLog audit;
    private final DocumentRepository documents;
    private final BatchService batches;
    private final IngestService ingest;
    private final DocumentService documentService;
    private final Originals originals;
    private final DocumentProcessor processor;
    private final JobWorkers workers;
    private final UserService users;
    private final AdminBootstrap bootstrap;
    private final HttpApi http;
    private final FhirFace fhir;
    private final HoldService holds;
    private final ExportService exports;
    private final RetentionService retention;
    private final ScheduledExecutorService maintenance;
    private final WatchedFolders watchedFolders;
    private final FolderWatcher folderWatcher;
    private boolean serving;

    /**
     * Builds every component once, in the order the pipeline runs; {@code givenStore} is the store to run on when
     * the caller made it (see {@link #open(Config, ObjectStore)}), null for the configured one. If anything fails,
     * what was already opened is closed again.
     */
    private App(Config config, Clock clock, ObjectStore givenStore) throws IOException {
        this.config = config;
        this.clock = clock;
        try {
            closeInReverse.add(DataDirectory.take(config.dataDir()));
            // Uploads being received, originals being read, PDFs and packets being written: deleted when their work
            // ends, but not when the process is killed. They hold patient data, and this process alone holds the
            // data directory now, so whatever is in the work folder was left behind.
            Path work = Files.createDirectories(config.dataDir().resolve("tmp"));
            WorkFiles.removeLeftovers(work);
            PageLimits limits = new PageLimits(config.limits().maxPages(), config.limits().maxPixelsPerPage());
            SearchablePdfWriter pdfWriter = new SearchablePdfWriter(config.ocr().tessdata());

            store = opened(givenStore != null ? givenStore : ObjectStores.open(config.storage()));
            if (!store.supportsCreateIfAbsent() && !config.database().configured()) {
                throw new IllegalStateException("the object store " + store.describe() + " does not refuse to overwrite "
                        + "an object when asked not to (it ignores If-None-Match: *, as Ceph radosgw does on a versioned or "
                        + "Object Lock bucket), so it cannot decide audit numbers and other claims between writers. Set "
                        + "CHARTVAULT_DATABASE_URL to a PostgreSQL database, which then decides them, or use a store that "
                        + "honours it (MinIO, AWS S3; see README, \"Running on Ceph (radosgw)\")");
            }
            // the key that seals the trail never comes from the store the trail is in; with a database, the one
            // trail is shared and a node without the shared key is refused before it touches anything shared
            AuditKeys auditKeys = AuditKeys.load(config.audit(), config.storage(), config.database());
            // Shared state of several nodes lives in PostgreSQL when one is configured; the embedded default keeps it
            // in this process and the object store.
            Database database = config.database().configured() ? opened(Database.open(config.database())) : null;
            Locks locks = database != null ? new PostgresLocks(database.dataSource()) : new InProcessLocks();
            Leases leases = database != null ? new PostgresLeases(database) : Leases.inProcess();
            String node = Ids.next("node"); // this process, as the holder of leases
            audit = database == null
                    ? AuditLog.inObjectStore(store, auditKeys, clock, config.audit().checkpointEvery(),
                            config.audit().checkpointRetention())
                    : new AuditLog(store, new PostgresAuditChain(database, new ObjectStoreAuditChain(store)), auditKeys,
                            clock, config.audit().checkpointEvery(), config.audit().checkpointRetention());
            audit.completeInterruptedAppends();

            if (config.search().onOpenSearch()) {
                // shared by every node; a new index (first start, or after it was lost) reports needsRebuild
                indexWasEmpty = false;
                index = opened(new OpenSearchIndex(config.search().url(), config.search().indexName(), clock));
            } else {
                indexWasEmpty = !Files.isDirectory(config.indexDir());
                index = opened(new LuceneSearchIndex(config.indexDir()));
            }
            documents = new DocumentRepository(store, locks, clock);
            BatchRepository batchRepository = new BatchRepository(store, locks);
            batches = new BatchService(batchRepository, documents);
            BatchEvents batchEvents = new BatchEvents();
            if (database != null) batchEvents.relayThrough(opened(new PostgresBatchRelay(database, batchEvents)));
            JobQueue jobs = opened(database != null ? new PostgresJobQueue(database, config.database().jobLease())
                    : new StoredJobQueue(store, clock));
            DocumentEvents documentEvents = new DocumentEvents();
            OriginalOwners owners = documents.files().owners();
            // Page images: stored at ingest, or (born-digital pages showing only text) drawn from the scan on first request.
            PageImageStore pageImages = new PageImageStore(store, documents, limits, work);
            // one maker of searchable PDFs: at ingest, after page edits, and on first request for a document filed without one
            SearchablePdfs searchablePdfs = new SearchablePdfs(documents, pdfWriter, work, pageImages);
            documentService = new DocumentService(store, documents, documentEvents, pageImages, searchablePdfs);
            IndexFollower.follow(documentEvents, documents, index);
            DocumentTypeCatalog documentTypes = new DocumentTypeCatalog(store, locks, config.storage().settingsRecheck());
            PatientRegistry patients = new PatientRegistry(store, locks, clock);
            CaptureService capture = new CaptureService(documents.files(), documentTypes, patients, clock);
            // What leaves the archive as a document's original: the upload whole, or a file of the document's own pages.
            originals = new Originals(documents, owners, capture, documentEvents, locks, limits, work);
            ingest = new IngestService(store, documents, batchRepository, jobs, new PageCountInspector(limits),
                    documentEvents, capture, locks, config.limits(), work, clock);

            PageProcessor pages = opened(new PageProcessor(OcrSettings.from(config.ocr())));
            processor = new DocumentProcessor(documents, index, pages, searchablePdfs, limits,
                    config.ocr().reviewConfidence(), config.ocr().workers(), work, batchEvents, documentEvents, capture,
                    owners, batchRepository, originals, config.ocr().textPageImagesAtIngest());
            workers = opened(new JobWorkers(jobs, Map.of(Job.PROCESS_DOCUMENT, processor), config.ocr().workers()));

            // ---- legal holds, production exports, retention (org.chartvault.hold, org.chartvault.retention) ----
            holds = new HoldService(new HoldRepository(store, locks), documents, index, audit, clock, documentService, jobs);
            workers.handle(HoldService.JOB_KIND, holds);
            documentEvents.listen(holds::documentChanged); // documents that match a hold later are held on arrival
            // release's protected categories and disclosure log, used by productions as well
            SensitiveCategories sensitiveCategories = new SensitiveCategories(store, locks, config.storage().settingsRecheck());
            ReleaseRepository releaseRepository = new ReleaseRepository(store, locks, clock);
            BatesLedger bates = new BatesLedger(store, locks, clock); // one Bates sequence per matter
            exports = new ExportService(store, holds, documents, documentService, originals, jobs, audit, clock, work,
                    workers::stopping, bates, sensitiveCategories, releaseRepository, config.custodian());
            workers.handle(ExportService.JOB_KIND, exports);
            retention = new RetentionService(store, documents, documentService, holds, audit, clock, locks,
                    new org.chartvault.retention.ReleasedCopies(releaseRepository, exports), config.custodian().organization());
            holds.finishInterrupted();
            exports.resumeOrphans();
            RetentionScheduler automaticPurge = opened(new RetentionScheduler(retention, clock, leases, node));
            automaticPurge.start(); // does nothing until an administrator turns automatic purges on

            SecuritySettings security = SecuritySettings.from(config.security());
            UserStore userStore = new ObjectStoreUserStore(store, locks);
            PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Settings(config.security().argon2MemoryKib(),
                    config.security().argon2Iterations(), 1));
            PasswordPolicy policy = new PasswordPolicy();
            SessionService sessions = new SessionService(database != null ? new PostgresSessionStore(database)
                    : new ObjectStoreSessionStore(store), userStore, audit, clock, security);
            LoginService logins = new LoginService(userStore, hasher, sessions, database != null
                    ? new PostgresLoginAttempts(database, security.addressWindow())
                    : new ObjectStoreLoginAttempts(store, security.addressWindow()), audit, clock, security);
            TokenService tokens = new TokenService(database != null ? new PostgresTokenStore(database)
                    : new ObjectStoreTokenStore(store), userStore, audit, clock, config.security().tokenLifetime());
            users = new UserService(userStore, hasher, policy, audit, clock);
            bootstrap = new AdminBootstrap(userStore, hasher, policy, audit, clock);

            // ---- watched folders (org.chartvault.watch): files scanners put in a folder, filed as that station's uploads ----
            watchedFolders = new WatchedFolders(store, locks, users, config.dataDir());
            // started with serving; closed before the ingest path it files through
            folderWatcher = opened(new FolderWatcher(watchedFolders, ingest, audit, config.limits().maxFileBytes(), work,
                    leases, node, config.watch().poll(), java.time.ZoneId.systemDefault(), clock));

            // ---- release of information (org.chartvault.release); amendments go with every later packet ----
            DocumentAccess documentAccess = new DocumentAccess(sensitiveCategories);
            AmendmentService amendments = new AmendmentService(new AmendmentRepository(store, locks, clock), documents, clock);
            StoredReleaseSettings releaseSettings = new StoredReleaseSettings(store, locks, ReleaseSettings.DEFAULTS, config.storage().settingsRecheck());
            ReleaseService releases = new ReleaseService(store, releaseRepository,
                    new org.chartvault.release.Authorizations(store, locks), documents,
                    sensitiveCategories, releaseSettings,
                    new PacketWriter(pdfWriter, amendments::disclosedWith), capture::barcodes, clock, work, pageImages, bates);
            // the disclosure log and the accounting of disclosures (45 CFR 164.528) it gives the patient
            Accounting accounting = new Accounting(store, locks, releaseRepository, releaseSettings, patients::mergedInto, clock);

            AdtReceiver adt = new AdtReceiver(patients, new PatientMerge(documentService, accounting, audit));
            // FHIR R4 / IHE MHD: the archive's FHIR face over the same documents, registry and type list.
            fhir = new FhirFace(FhirContext.forR4(), FhirSettings.defaults(), store, documents, documentService, originals,
                    index, ingest, new PageCountInspector(limits),
                    new RegistryPatientDirectory(patients, new IndexedPatientDirectory(index, documents)),
                    DocumentTypeCodes.of(documentTypes), documentAccess::maySee, config.limits(), work, clock);

            http = new HttpApi(new HttpApi.Capabilities(config, ingest, batches, batchEvents, documentService, index,
                    logins, sessions, users, tokens, audit, releases, holds, exports, retention, documentTypes, patients,
                    adt, capture, new PageEditor(documents, index, pages, searchablePdfs, owners, documentEvents,
                            originals, pageImages), fhir, documentAccess, originals, watchedFolders,
                    new org.chartvault.savedsearch.SavedSearches(store, locks, clock),
                    new MrnCheck(patients, config.mrnPattern()), amendments, accounting));
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
            long checkpointMinutes = config.audit().checkpointInterval().toMinutes();
            maintenance.scheduleWithFixedDelay(this::checkpointAudit, checkpointMinutes, checkpointMinutes, TimeUnit.MINUTES);
            // Documents stored before pages named their scan get that (and, cut from a larger scan, their own original)
            // once, in the background; one asked for before is completed on that request.
            maintenance.execute(() -> {
                try {
                    int completed = originals.settleAll();
                    if (completed > 0) log.info("{} document(s) stored before pages named their scan were completed", completed);
                } catch (IOException | RuntimeException e) {
                    log.warn("Completing documents stored before pages named their scan failed; they are completed on "
                            + "first use and the next start tries again", e);
                }
            });
        } catch (IOException | RuntimeException e) {
            closeOpened();
            throw e;
        }
    }

    /** Remembers {@code component} to be closed when the App closes, in reverse order of opening. */
    private <T extends AutoCloseable> T opened(T component) {
        closeInReverse.add(component);
        return component;
    }

    /** Anchors the audit trail as it stands (nothing is written when it has not grown since the last checkpoint). */
    private void checkpointAudit() {
        try {
            audit.checkpoint();
        } catch (IOException | RuntimeException e) {
            log.warn("Writing an audit checkpoint failed; will try again", e);
        }
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
                        + admin.generatedPassword() + "\n\nLog in with it: ChartVault then asks you to choose your own password before anything else.\n"
                        + "(With CHARTVAULT_ADMIN_PASSWORD set before the first start, that password works straight away.)\n");
            } else {
                log.info("Created the administrator 'admin' with the password from CHARTVAULT_ADMIN_PASSWORD");
            }
        }
        if ((indexWasEmpty || index.needsRebuild()) && !documents.allIds().isEmpty()) {
            log.info("The search index is missing or from an older version; rebuilding it from storage");
            reindex();
        }
        startWorkers();
        folderWatcher.start();
        http.start(config.port());
        serving = true;
        log.info("ChartVault is serving on port {} as {}/ (storage: {}, data: {})", http.port(),
                config.publicBaseUrl(http.port()), store.describe(), config.dataDir());
    }

    /**
     * Rebuilds the search index from storage alone: every processed document's pages, as stored.
     * Returns the number of documents indexed.
     */
    public int reindex() throws IOException {
        return reindex(IndexRebuild.Progress.NONE);
    }

    /** {@link #reindex()}, telling {@code progress} how far it is (the reindex command's progress line). */
    public int reindex(IndexRebuild.Progress progress) throws IOException {
        return new IndexRebuild(index, documents).run(progress);
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

    public FhirFace fhir() {
        return fhir;
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

    public Originals originals() {
        return originals;
    }

    public HoldService holds() {
        return holds;
    }

    public ExportService exports() {
        return exports;
    }

    public RetentionService retention() {
        return retention;
    }

    public WatchedFolders watchedFolders() {
        return watchedFolders;
    }

    public FolderWatcher folderWatcher() {
        return folderWatcher;
    }

    /** Stops taking requests, lets workers finish the page in hand, commits the index, releases the data directory. */
    @Override
    public void close() {
        maintenance.shutdownNow();
        folderWatcher.close(); // a pickup in hand finishes before the trail's last checkpoint
        processor.stop();
        if (serving) http.stop();
        checkpointAudit(); // a clean stop leaves no unanchored tail
        closeOpened();
    }

    private void closeOpened() {
        for (int i = closeInReverse.size() - 1; i >= 0; i--) {
            try {
                closeInReverse.get(i).close();
            } catch (Exception e) {
                log.warn("Closing {} failed", closeInReverse.get(i).getClass().getSimpleName(), e);
            }
        }
    }
}
