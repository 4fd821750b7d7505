package org.chartvault;

import org.chartvault.audit.AuditLog;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an operator can set, read once at start from the environment (see README, "Configuration").
 * Typed here so that the rest of the code never looks at environment variables.
 *
 * @param publicUrl the address clients reach the service at ({@code CHARTVAULT_PUBLIC_URL}), without a trailing
 *                  slash; null when unset (see {@link #publicBaseUrl(int)})
 */
public record Config(
        int port,
        Path dataDir,
        String adminPassword,
        Storage storage,
        Ocr ocr,
        Limits limits,
        Security security,
        Audit audit,
        Database database,
        String publicUrl,
        Watch watch,
        String dateFormat,
        String mrnPattern,
        Search search, org.chartvault.hold.Custodian custodian) {

    /**
     * How the UI shows and reads calendar days ({@code CHARTVAULT_DATE_FORMAT}); the API always speaks ISO
     * (YYYY-MM-DD). US order by default, as American hospitals write dates.
     */
    public static final List<String> DATE_FORMATS = List.of("MM/DD/YYYY", "DD/MM/YYYY", "YYYY-MM-DD");

    /**
     * Where pages are searched: the embedded Lucene index under the data directory (null {@code url}), or an
     * OpenSearch cluster all nodes share ({@code CHARTVAULT_SEARCH_URL}), its pages behind the alias {@code indexName}.
     */
    public record Search(String url, String indexName) {
        public Search {
            if (url != null) {
                java.net.URI uri;
                try {
                    uri = new java.net.URI(url.strip());
                } catch (java.net.URISyntaxException e) {
                    uri = null;
                }
                if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                        || uri.getHost() == null || uri.getUserInfo() != null
                        || (uri.getPath() != null && !uri.getPath().isEmpty() && !"/".equals(uri.getPath()))
                        || uri.getQuery() != null || uri.getFragment() != null) {
                    throw new IllegalArgumentException("CHARTVAULT_SEARCH_URL must be the address of an OpenSearch node, "
                            + "such as http://search.hospital.org:9200 (no path, no user name), not '" + url + "'");
                }
                url = url.strip();
            }
            if (indexName == null || !indexName.matches("[a-z0-9][a-z0-9_-]{0,100}")) {
                throw new IllegalArgumentException("CHARTVAULT_SEARCH_INDEX must be lower-case letters, digits, - and _, not '"
                        + indexName + "'");
            }
        }

        public boolean onOpenSearch() {
            return url != null && !url.isBlank();
        }
    }

    /** Watched folders (configured in the API, kept in the store): how often the node watching one looks into it. */
    public record Watch(Duration poll) {
        public Watch {
            if (poll.toMillis() < 100) throw new IllegalArgumentException("CHARTVAULT_WATCH_POLL_MS must be at least 100");
        }
    }

    /**
     * The PostgreSQL database several nodes share their coordination state through; null {@code url} (the
     * embedded default) keeps that state in this process and the object store.
     */
    public record Database(String url, String user, String password, Duration jobLease) {
        public Database(String url, String user, String password) {
            this(url, user, password, DEFAULT_JOB_LEASE);
        }

        /** How long a node's claim on a job lasts without renewal: how soon another node takes over from a dead one. */
        public static final Duration DEFAULT_JOB_LEASE = Duration.ofSeconds(60);

        public boolean configured() {
            return url != null && !url.isBlank();
        }
    }

    /**
     * Which object store holds the originals: local disk under the data directory, or a MinIO/S3 bucket.
     * {@code region}: the S3 region (a Ceph zone group's API name) a new bucket is made in; null for the server's own.
     * {@code connectTimeout}, {@code readTimeout}: how long the S3 client waits to connect, and for the next bytes of
     * an answer or of a body it sends, before the request fails as "storage unavailable" (503) instead of hanging.
     * {@code settingsRecheck}: how old this node's copy of a shared settings object may be before the store is asked
     * whether it changed ({@link org.chartvault.storage.SharedSetting}): how soon a change made on another node applies.
     */
    public record Storage(String kind, Path localRoot, String endpoint, String accessKey, String secretKey,
                          String bucket, boolean objectLock, String region, Duration connectTimeout,
                          Duration readTimeout, Duration settingsRecheck) {
        /** Past this, a change of the protected categories on one node would go unenforced on the others too long. */
        public static final Duration LONGEST_SETTINGS_RECHECK = Duration.ofSeconds(5);

        public Storage {
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("CHARTVAULT_S3_CONNECT_TIMEOUT_SECONDS must be at least 1");
            }
            if (readTimeout.isNegative() || readTimeout.isZero()) {
                throw new IllegalArgumentException("CHARTVAULT_S3_READ_TIMEOUT_SECONDS must be at least 1");
            }
            if (settingsRecheck.isNegative() || settingsRecheck.compareTo(LONGEST_SETTINGS_RECHECK) > 0) {
                throw new IllegalArgumentException("CHARTVAULT_SETTINGS_RECHECK_MS must be between 0 and "
                        + LONGEST_SETTINGS_RECHECK.toMillis() + " (a settings change made on one node must reach the "
                        + "others within seconds), not " + settingsRecheck.toMillis());
            }
        }

        public boolean isMinio() {
            return "minio".equals(kind);
        }
    }

    /**
     * OCR workers (one Tesseract engine each), the model, and how long one page may take; and whether born-digital
     * pages that show only text get their page image at ingest ({@code textPageImagesAtIngest}, the old way, kept to
     * measure against) or when someone first needs it (the default).
     */
    public record Ocr(int workers, Path tessdata, String language, Duration pageTimeout,
                      double reviewConfidence, boolean textPageImagesAtIngest) {
    }

    /**
     * What an upload may contain before it is refused (or a page failed), with the reason given to the user; and
     * {@code fhirMemoryBytes}, the memory all ITI-65 submissions together may hold (they wait or are told to retry).
     */
    public record Limits(long maxFileBytes, long maxRequestBytes, int maxPages, long maxPixelsPerPage,
                         int maxZipEntries, long maxZipBytes, int maxZipRatio, long fhirMemoryBytes) {
    }

    /**
     * Session timeouts; HTTPS on {@code httpsPort} when a keystore is configured (then cookies are Secure);
     * the Argon2id cost of password hashes (raise it on faster hardware: older hashes are upgraded at login).
     */
    public record Security(Duration sessionIdle, Duration sessionAbsolute, boolean secureCookies,
                           Path keystore, String keystorePassword, int httpsPort,
                           int argon2MemoryKib, int argon2Iterations, Duration tokenLifetime) {
    }

    /**
     * Where the audit key comes from and how the trail is anchored. {@code keys}: base64 keys from the environment
     * (newest last), or {@code keyFile}, or else {@code generatedKeyFile}, made on first start; never a file in the
     * object store. A checkpoint is written every {@code checkpointEvery} entries and every
     * {@code checkpointInterval} when the trail grew, locked for {@code checkpointRetention} where the store can.
     */
    public record Audit(String keys, Path keyFile, Path generatedKeyFile, int checkpointEvery,
                        Duration checkpointInterval, Duration checkpointRetention) {
        public Audit {
            if (checkpointEvery < 1) throw new IllegalArgumentException("CHARTVAULT_AUDIT_CHECKPOINT_ENTRIES must be at least 1");
            if (checkpointInterval.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("CHARTVAULT_AUDIT_CHECKPOINT_MINUTES must be at least 1");
            }
            if (checkpointRetention.isNegative() || checkpointRetention.isZero()) {
                throw new IllegalArgumentException("CHARTVAULT_AUDIT_CHECKPOINT_RETENTION_DAYS must be at least 1");
            }
        }

        /** Never the keys themselves. */
        @Override
        public String toString() {
            return "Audit[keys=" + (keys == null ? "none" : "(set)") + ", keyFile=" + keyFile + ", generatedKeyFile="
                    + generatedKeyFile + ", checkpointEvery=" + checkpointEvery + ", checkpointInterval="
                    + checkpointInterval + ", checkpointRetention=" + checkpointRetention + "]";
        }
    }

    public static Config fromEnvironment() {
        return from(System.getenv());
    }

    public static Config from(Map<String, String> env) {
        Path data = Path.of(env.getOrDefault("CHARTVAULT_DATA", "data")).toAbsolutePath().normalize();
        int cores = Runtime.getRuntime().availableProcessors();
        Storage storage = new Storage(
                env.getOrDefault("CHARTVAULT_STORAGE", env.containsKey("MINIO_ENDPOINT") ? "minio" : "local"),
                data.resolve("store"),
                env.get("MINIO_ENDPOINT"),
                env.get("MINIO_ACCESS_KEY"),
                env.get("MINIO_SECRET_KEY"),
                env.getOrDefault("MINIO_BUCKET", "chartvault"),
                bool(env, "MINIO_OBJECT_LOCK", true),
                blankToNull(env.get("MINIO_REGION")),
                Duration.ofSeconds(longValue(env, "CHARTVAULT_S3_CONNECT_TIMEOUT_SECONDS", 10)),
                // long enough for a large original's next bytes on a busy gateway, short enough that a stalled one
                // is a 503 the user can retry rather than a request that hangs for minutes
                Duration.ofSeconds(longValue(env, "CHARTVAULT_S3_READ_TIMEOUT_SECONDS", 60)),
                Duration.ofMillis(longValue(env, "CHARTVAULT_SETTINGS_RECHECK_MS", 1000)));
        Ocr ocr = new Ocr(
                integer(env, "CHARTVAULT_OCR_WORKERS", cores),
                Path.of(env.getOrDefault("TESSDATA_PREFIX", "/usr/share/tesseract-ocr/5/tessdata")),
                env.getOrDefault("CHARTVAULT_OCR_LANGUAGE", "eng"),
                Duration.ofSeconds(integer(env, "CHARTVAULT_OCR_PAGE_TIMEOUT_SECONDS", 120)),
                Double.parseDouble(env.getOrDefault("CHARTVAULT_REVIEW_CONFIDENCE", "60")),
                textPageImages(env.getOrDefault("CHARTVAULT_TEXT_PAGE_IMAGES", "on-demand")));
        long mib = 1024L * 1024L;
        Limits limits = new Limits(
                longValue(env, "CHARTVAULT_MAX_FILE_MB", 512) * mib,
                longValue(env, "CHARTVAULT_MAX_REQUEST_MB", 2048) * mib,
                integer(env, "CHARTVAULT_MAX_PAGES", 2000),
                longValue(env, "CHARTVAULT_MAX_PAGE_MEGAPIXELS", 150) * 1_000_000L,
                integer(env, "CHARTVAULT_MAX_ZIP_ENTRIES", 5000),
                longValue(env, "CHARTVAULT_MAX_ZIP_MB", 4096) * mib,
                integer(env, "CHARTVAULT_MAX_ZIP_RATIO", 100),
                longValue(env, "CHARTVAULT_FHIR_MEMORY_MB", 256) * mib);
        Security security = new Security(
                Duration.ofMinutes(integer(env, "CHARTVAULT_SESSION_IDLE_MINUTES", 15)),
                Duration.ofHours(integer(env, "CHARTVAULT_SESSION_MAX_HOURS", 12)),
                env.containsKey("CHARTVAULT_KEYSTORE"),
                Optional.ofNullable(env.get("CHARTVAULT_KEYSTORE")).map(Path::of).orElse(null),
                env.get("CHARTVAULT_KEYSTORE_PASSWORD"),
                integer(env, "CHARTVAULT_HTTPS_PORT", 8443),
                integer(env, "CHARTVAULT_ARGON2_MEMORY_KIB", 64 * 1024),
                integer(env, "CHARTVAULT_ARGON2_ITERATIONS", 3),
                Duration.ofDays(integer(env, "CHARTVAULT_TOKEN_DAYS", 90)));
        Audit audit = new Audit(
                blankToNull(env.get("CHARTVAULT_AUDIT_KEY")),
                Optional.ofNullable(blankToNull(env.get("CHARTVAULT_AUDIT_KEY_FILE"))).map(Path::of).orElse(null),
                // beside the store, not in it: whoever can write the store must not be able to read the key
                data.resolve("keys").resolve("audit.key"),
                integer(env, "CHARTVAULT_AUDIT_CHECKPOINT_ENTRIES", AuditLog.DEFAULT_CHECKPOINT_EVERY),
                Duration.ofMinutes(integer(env, "CHARTVAULT_AUDIT_CHECKPOINT_MINUTES", 10)),
                Duration.ofDays(integer(env, "CHARTVAULT_AUDIT_CHECKPOINT_RETENTION_DAYS",
                        (int) AuditLog.DEFAULT_CHECKPOINT_RETENTION.toDays())));
        Database database = new Database(env.get("CHARTVAULT_DATABASE_URL"), env.get("CHARTVAULT_DATABASE_USER"),
                env.get("CHARTVAULT_DATABASE_PASSWORD"),
                Duration.ofSeconds(integer(env, "CHARTVAULT_JOB_LEASE_SECONDS", (int) Database.DEFAULT_JOB_LEASE.toSeconds())));
        return new Config(integer(env, "CHARTVAULT_PORT", 8080), data, env.get("CHARTVAULT_ADMIN_PASSWORD"),
                storage, ocr, limits, security, audit, database, publicUrl(env.get("CHARTVAULT_PUBLIC_URL")),
                new Watch(Duration.ofMillis(longValue(env, "CHARTVAULT_WATCH_POLL_MS", 2000))),
                dateFormat(env.get("CHARTVAULT_DATE_FORMAT")),
                // the form of the hospital's MRNs, checked wherever a person types one (patient.MrnCheck)
                env.getOrDefault("CHARTVAULT_MRN_PATTERN", org.chartvault.patient.MrnCheck.DEFAULT_PATTERN),
                new Search(blankToNull(env.get("CHARTVAULT_SEARCH_URL")),
                        env.getOrDefault("CHARTVAULT_SEARCH_INDEX", "chartvault-pages")),
                // the records' custodian, named in productions (load files, custody report, FRE 902(11) certification)
                new org.chartvault.hold.Custodian(env.getOrDefault("CHARTVAULT_HOSPITAL_NAME", "the hospital"),
                        blankToNull(env.get("CHARTVAULT_CUSTODIAN_NAME")), blankToNull(env.get("CHARTVAULT_CUSTODIAN_TITLE"))));
    }

    private static boolean textPageImages(String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "on-demand" -> false;
            case "at-ingest" -> true;
            default -> throw new IllegalArgumentException("CHARTVAULT_TEXT_PAGE_IMAGES is on-demand or at-ingest, not '"
                    + value + "'");
        };
    }

    private static String dateFormat(String value) {
        if (value == null || value.isBlank()) return DATE_FORMATS.get(0);
        String wanted = value.strip().toUpperCase(java.util.Locale.ROOT);
        if (!DATE_FORMATS.contains(wanted)) {
            throw new IllegalArgumentException("CHARTVAULT_DATE_FORMAT must be one of " + String.join(", ", DATE_FORMATS)
                    + ", not '" + value + "'");
        }
        return wanted;
    }

    /**
     * The base of the absolute URLs the service hands out (FHIR bundle links, fullUrls, attachment URLs): the
     * configured public URL, else this machine on the HTTPS port when a keystore is set, else on the HTTP port
     * the server bound. Never the request's Host header, which the caller chooses.
     */
    public String publicBaseUrl(int boundHttpPort) {
        if (publicUrl != null) return publicUrl;
        return security.keystore() != null ? "https://localhost:" + security.httpsPort() : "http://localhost:" + boundHttpPort;
    }

    public Path indexDir() {
        return dataDir.resolve("index");
    }

    private static String publicUrl(String value) {
        if (value == null || value.isBlank()) return null;
        String url = value.strip();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("CHARTVAULT_PUBLIC_URL must be the http(s) address clients use, such as "
                    + "https://archive.hospital.org (a path is allowed, a query is not), not '" + value + "'");
        }
        return url.replaceAll("/+$", "");
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        return (int) longValue(env, name, fallback);
    }

    private static long longValue(Map<String, String> env, String name, long fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) return fallback;
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static boolean bool(Map<String, String> env, String name, boolean fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : Boolean.parseBoolean(value.strip());
    }
}
