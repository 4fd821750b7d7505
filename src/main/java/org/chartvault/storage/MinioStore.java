package org.chartvault.storage;

import io.minio.BucketExistsArgs;
import io.minio.DisableObjectLegalHoldArgs;
import io.minio.EnableObjectLegalHoldArgs;
import io.minio.GetBucketVersioningArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectLockConfigurationArgs;
import io.minio.GetObjectResponse;
import io.minio.GetObjectRetentionArgs;
import io.minio.GetObjectTagsArgs;
import io.minio.IsObjectLegalHoldEnabledArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.SetBucketVersioningArgs;
import io.minio.SetObjectRetentionArgs;
import io.minio.SetObjectTagsArgs;
import io.minio.Signer;
import io.minio.Http;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.errors.XmlParserException;
import io.minio.messages.Item;
import io.minio.messages.Retention;
import io.minio.messages.RetentionMode;
import io.minio.messages.VersioningConfiguration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.chartvault.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The production object store: one bucket on MinIO (or another S3 server) through the MinIO Java SDK, with
 * versioning and Object Lock when the bucket has them.
 *
 * <p>How each promise of {@link ObjectStore} is kept:
 * <ul>
 *   <li><b>All or nothing.</b> S3 makes an object visible only when its PUT (or its multipart upload) completes.
 *       Uploads are read to their end first ({@link Spool}: memory up to one part, then a temp file), so a broken
 *       upload stream never reaches the server at all.</li>
 *   <li><b>Checksum.</b> The SHA-256 of the whole content travels as user metadata {@code x-amz-meta-sha256} with
 *       the upload and is checked when a read reaches its end. Objects over one part are sent as a multipart
 *       upload of {@value #PART_SIZE_MIB} MiB parts.</li>
 *   <li><b>putIfAbsent.</b> A conditional write, {@code If-None-Match: *}, sent on every request of the upload, so
 *       the server itself refuses to create the object when one exists (MinIO, AWS S3, Ceph RGW: atomically).</li>
 *   <li><b>Legal hold.</b> On an Object Lock bucket it is the S3 object legal hold of the current version; without
 *       Object Lock, an object tag {@value #HOLD_TAG}. Either way this adapter refuses put and delete of a held
 *       object itself, because a versioned bucket turns a plain DELETE into a delete marker and some servers
 *       (S3Mock) keep no hold at all: the rule must not depend on the server. Object Lock is the second wall:
 *       MinIO also refuses to delete a held version.</li>
 *   <li><b>Delete.</b> On a versioned bucket a delete removes every version of the key, oldest first, so that
 *       destruction is real and a refused version (legal hold, retention period) leaves what readers see
 *       unchanged; the refusal is an {@link ObjectLockedException}.</li>
 *   <li><b>Locked writes.</b> On an Object Lock bucket a write with a retain-until date carries its COMPLIANCE
 *       retention in the PUT itself, so the version never exists unlocked (audit checkpoints).</li>
 * </ul>
 */
public final class MinioStore implements ObjectStore {
    private static final Logger log = LoggerFactory.getLogger(MinioStore.class);

    static final int PART_SIZE_MIB = 16;
    /** Multipart part size: few parts for a large scan, and the most one upload holds in memory at a time. */
    static final int PART_SIZE = PART_SIZE_MIB * 1024 * 1024;
    /** User metadata name of the content's SHA-256 (lowercase hex); S3 stores it as {@code x-amz-meta-sha256}. */
    static final String SHA256_METADATA = "sha256";
    /** Object tag that marks a hold on a bucket without Object Lock. */
    static final String HOLD_TAG = "chartvault-legal-hold";
    /** A spool file this old belongs to a process that died mid-upload: no upload takes a day. */
    private static final Duration ABANDONED_SPOOL_AGE = Duration.ofDays(1);
    /** Where the start-up test of conditional writes puts (and removes) its object. */
    static final String PROBE_PREFIX = "chartvault-probe/";
    /** SHA-256 of no bytes: the payload hash of a request without a body. */
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    /**
     * Answers to "the legal hold of this version" that mean it never had one: AWS says NoSuchObjectLockConfiguration,
     * Ceph's radosgw ObjectLockConfigurationNotFoundError, S3Mock NotFound.
     */
    private static final Set<String> NO_HOLD = Set.of("NoSuchObjectLockConfiguration",
            "ObjectLockConfigurationNotFoundError", "NotFound");
    /** Error codes that mean "no such object" (or version) rather than a failure. */
    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchVersion", "NoSuchObject");

    /**
     * Where the bucket is and how to reach it. {@code objectLock}: the bucket must have Object Lock (and so
     * versioning); when {@code createBucketIfMissing} makes the bucket, it is made that way.
     */
    public record Settings(String endpoint, String accessKey, String secretKey, String bucket,
                           boolean createBucketIfMissing, boolean objectLock, String region,
                           Duration connectTimeout, Duration readTimeout) {
        /**
         * The SDK's own timeouts are five minutes: a gateway that accepts connections and then stalls held every
         * request (a search reading a settings object) that long. Seconds, so that it is a 503 the user can retry.
         */
        public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
        /** Waiting for the next bytes, not for a whole object: a large original streams for as long as it takes. */
        public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

        public Settings {
            require(endpoint, "MINIO_ENDPOINT (e.g. http://127.0.0.1:9000)");
            require(accessKey, "MINIO_ACCESS_KEY");
            require(secretKey, "MINIO_SECRET_KEY");
            require(bucket, "MINIO_BUCKET");
            region = region == null || region.isBlank() ? null : region.strip();
            connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
            readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
        }

        /** The default timeouts. */
        public Settings(String endpoint, String accessKey, String secretKey, String bucket,
                        boolean createBucketIfMissing, boolean objectLock, String region) {
            this(endpoint, accessKey, secretKey, bucket, createBucketIfMissing, objectLock, region, null, null);
        }

        /** No region: the server's own (its default zone group on Ceph, us-east-1 on AWS and MinIO). */
        public Settings(String endpoint, String accessKey, String secretKey, String bucket,
                        boolean createBucketIfMissing, boolean objectLock) {
            this(endpoint, accessKey, secretKey, bucket, createBucketIfMissing, objectLock, null);
        }

        /** From the operator's configuration; a missing bucket is created (with Object Lock when asked for). */
        public static Settings from(Config.Storage storage) {
            return new Settings(storage.endpoint(), storage.accessKey(), storage.secretKey(), storage.bucket(),
                    true, storage.objectLock(), storage.region(), storage.connectTimeout(), storage.readTimeout());
        }

        /**
         * Whether a new bucket is made with a location constraint: only for a region the operator named that is
         * not AWS's default. Ceph refuses any constraint its zone group does not know (InvalidLocationConstraint),
         * and AWS refuses "us-east-1" as one; a request without one makes the bucket where the server lives.
         */
        boolean namesALocation() {
            return region != null && !"us-east-1".equals(region);
        }

        private static void require(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("MinIO storage needs " + what + " to be set");
            }
        }

        @Override
        public String toString() {
            return "Settings[endpoint=" + endpoint + ", bucket=" + bucket + ", objectLock=" + objectLock
                    + ", region=" + region + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
        }
    }

    private final Settings settings;
    private final MinioClient client;
    /** The caller's HTTP client, or null: the SDK's own (and a default one for the few requests made here). */
    private final OkHttpClient http;
    private final boolean versioned;
    private final boolean objectLockEnabled;
    /** Whether the server refused to overwrite an object when asked with If-None-Match (measured at start). */
    private final boolean createIfAbsent;

    /** Connects, creates the bucket if asked and missing, and checks that it has what {@code settings} demand. */
    public MinioStore(Settings settings) throws IOException {
        this(settings, null);
    }

    /**
     * With an HTTP client of the caller's, which this store does not close; null for the SDK's own. Tests share
     * one: the SDK's default client reads every certificate under SSL_CERT_DIR when built (seconds on Debian).
     */
    MinioStore(Settings settings, OkHttpClient http) throws IOException {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = http;
        MinioClient.Builder builder = MinioClient.builder()
                .endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey());
        if (settings.region() != null) builder.region(settings.region());
        if (http != null) builder.httpClient(http, false);
        this.client = builder.build();
        // on the caller's client too: the SDK derives a client with these timeouts that shares its connection pool
        client.setTimeout(settings.connectTimeout().toMillis(), settings.readTimeout().toMillis(),
                settings.readTimeout().toMillis());
        try {
            prepareBucket();
            this.versioned = isVersioned();
            this.objectLockEnabled = hasObjectLock();
            this.createIfAbsent = honoursIfNoneMatch();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        if (settings.objectLock() && !objectLockEnabled) {
            close();
            throw new IOException("bucket " + settings.bucket() + " at " + settings.endpoint() + " has no Object Lock, "
                    + "but MINIO_OBJECT_LOCK asks for it; Object Lock can only be chosen when a bucket is made "
                    + "(see storage-config/README.md), or set MINIO_OBJECT_LOCK=false to run without it");
        }
        log.info("object store {}: versioning {}, object lock {}, create-if-absent {}", describe(),
                versioned ? "on" : "off", objectLockEnabled ? "on" : "off",
                createIfAbsent ? "decided by the server" : "ignored by the server (claims need PostgreSQL)");
        int abandoned = Spool.removeAbandoned(Path.of(System.getProperty("java.io.tmpdir")), ABANDONED_SPOOL_AGE);
        if (abandoned > 0) log.info("removed {} upload spool file(s) left by an earlier crash", abandoned);
    }

    @Override
    public ObjectInfo put(String key, InputStream data, long length, String contentType) throws IOException {
        return write(key, data, length, contentType, false, null).orElseThrow();
    }

    @Override
    public Optional<ObjectInfo> putIfAbsent(String key, InputStream data, long length, String contentType)
            throws IOException {
        // Cheap early answer that leaves the caller's stream unread; the conditional write decides a race.
        if (stat(key).isPresent()) return Optional.empty();
        return write(key, data, length, contentType, true, null);
    }

    @Override
    public boolean supportsCreateIfAbsent() {
        return createIfAbsent;
    }

    @Override
    public boolean locksObjects() {
        return objectLockEnabled;
    }

    @Override
    public Optional<ObjectInfo> putIfAbsent(String key, byte[] data, String contentType, Instant retainUntil)
            throws IOException {
        if (stat(key).isPresent()) return Optional.empty();
        return write(key, new ByteArrayInputStream(data), data.length, contentType, true,
                objectLockEnabled ? retainUntil : null);
    }

    @Override
    public List<String> listIncludingHidden(String prefix) throws IOException {
        if (!versioned) return list(prefix);
        Keys.checkPrefix(prefix);
        TreeSet<String> keys = new TreeSet<>(Keys.ORDER);
        for (Item item : items(prefix, true, true)) {
            if (!item.isDir() && !item.isDeleteMarker()) keys.add(item.objectName());
        }
        return List.copyOf(keys);
    }

    @Override
    public InputStream get(String key) throws IOException {
        Keys.check(key);
        GetObjectResponse response = sdk("read", key,
                () -> client.getObject(GetObjectArgs.builder().bucket(settings.bucket()).object(key).build()));
        String sha256 = response.headers().get("x-amz-meta-" + SHA256_METADATA);
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            response.close();
            throw new IntegrityException(key, "no SHA-256 was recorded with it (was it written by ChartVault?)");
        }
        return new VerifyingInputStream(response, key, sha256);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        Keys.check(key);
        try {
            return Optional.of(info(key, statObject(key, null)));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Keys.check(key);
        if (currentObject(key).isPresent() && isHeld(key, null)) throw new ObjectLockedException(key);
        if (!versioned) {
            removeVersion(key, null);
            return;
        }
        // Oldest first: until the current version goes, readers see the object exactly as before.
        List<Item> versions = versionsOf(key);
        List<Item> order = new ArrayList<>();
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (!versions.get(i).isLatest()) order.add(versions.get(i));
        }
        versions.stream().filter(Item::isLatest).forEach(order::add);
        for (Item version : order) removeVersion(key, version.versionId());
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        Keys.checkPrefix(prefix);
        List<String> keys = new ArrayList<>();
        for (Item item : items(prefix, true, false)) {
            if (!item.isDir()) keys.add(item.objectName());
        }
        keys.sort(Keys.ORDER);
        return keys;
    }

    @Override
    public List<String> listFolders(String prefix) throws IOException {
        Keys.checkPrefix(prefix);
        List<String> folders = new ArrayList<>();
        for (Item item : items(prefix, false, false)) {
            if (item.isDir()) folders.add(item.objectName());
        }
        folders.sort(Keys.ORDER);
        return folders;
    }

    @Override
    public void setLegalHold(String key, boolean on) throws IOException {
        Keys.check(key);
        sdk(on ? "place a legal hold on" : "lift the legal hold of", key, () -> {
            if (objectLockEnabled) {
                if (on) {
                    client.enableObjectLegalHold(EnableObjectLegalHoldArgs.builder()
                            .bucket(settings.bucket()).object(key).build());
                } else {
                    client.disableObjectLegalHold(DisableObjectLegalHoldArgs.builder()
                            .bucket(settings.bucket()).object(key).build());
                }
            } else {
                Map<String, String> tags = new HashMap<>(tagsOf(key, null));
                tags.put(HOLD_TAG, on ? "on" : "off");
                client.setObjectTags(SetObjectTagsArgs.builder()
                        .bucket(settings.bucket()).object(key).tags(tags).build());
            }
            return null;
        });
    }

    @Override
    public boolean isLegalHold(String key) throws IOException {
        Keys.check(key);
        return isHeld(key, null);
    }

    @Override
    public String describe() {
        return "minio:" + settings.endpoint() + "/" + settings.bucket();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            log.warn("closing the MinIO client for {} failed: {}", describe(), e.toString());
        }
    }

    // ---- writing ----

    /** {@code retainUntil}: lock the new version in COMPLIANCE mode until then, in the same request; null: no lock. */
    private Optional<ObjectInfo> write(String key, InputStream data, long length, String contentType,
                                       boolean onlyIfAbsent, Instant retainUntil) throws IOException {
        Keys.check(key);
        Objects.requireNonNull(data, "data");
        if (length < -1) throw new IllegalArgumentException("length must be -1 (unknown) or at least 0, not " + length);
        String type = Keys.contentType(contentType);
        String replaced = null;
        if (!onlyIfAbsent) {
            Optional<StatObjectResponse> current = currentObject(key);
            if (current.isPresent()) {
                if (isHeld(key, null)) throw new ObjectLockedException(key);
                replaced = current.get().versionId();
            }
        }
        try (Spool spool = Spool.read(data, length, key, PART_SIZE); InputStream content = spool.open()) {
            PutObjectArgs.Builder args = PutObjectArgs.builder()
                    .bucket(settings.bucket())
                    .object(key)
                    .contentType(type)
                    .userMetadata(Map.of(SHA256_METADATA, spool.sha256()));
            if (spool.inMemory()) {
                args.data(spool.bytes(), spool.bytes().length); // one PUT
            } else {
                args.stream(content, spool.size(), (long) PART_SIZE); // multipart, one part in memory at a time
            }
            if (retainUntil != null) {
                args.retention(new Retention(RetentionMode.COMPLIANCE, retainUntil.atZone(ZoneOffset.UTC)));
            }
            // Extra headers go on every request of a multipart upload, so also on the completing one.
            if (onlyIfAbsent) args.extraHeaders(Map.of("If-None-Match", "*"));
            ObjectWriteResponse written = sdk("store", key, () -> client.putObject(args.build()), refused -> {
                if (onlyIfAbsent && "PreconditionFailed".equals(refused.errorResponse().code())) return null;
                throw failure("store", key, refused);
            });
            if (written == null) return Optional.empty(); // another writer created it first
            if (replaced != null && versioned && isHeld(key, replaced)) {
                // A hold was placed while we uploaded: the new version must not stay on top of a held one.
                removeVersion(key, written.versionId());
                throw new ObjectLockedException(key);
            }
            if (retainUntil != null) confirmRetention(key, written.versionId(), retainUntil);
            return Optional.of(info(key, statObject(key, written.versionId())));
        }
    }

    /**
     * Reads the retention of the version just written back from the server, and sets it when the server did not
     * take it from the PUT (S3Mock ignores those headers; MinIO, AWS and Ceph honour them). A version that cannot
     * be locked is an error: the caller promised its readers a lock.
     */
    private void confirmRetention(String key, String versionId, Instant retainUntil) throws IOException {
        // servers that keep no retention for this version answer with an error: it is set below then
        Retention kept = sdk("read the retention of", key, () -> client.getObjectRetention(GetObjectRetentionArgs
                .builder().bucket(settings.bucket()).object(key).versionId(versionId).build()), noRetentionYet -> null);
        if (kept != null && kept.mode() == RetentionMode.COMPLIANCE && kept.retainUntilDate() != null
                && !kept.retainUntilDate().toInstant().isBefore(retainUntil)) {
            return;
        }
        sdk("lock (COMPLIANCE retention)", key, () -> {
            client.setObjectRetention(SetObjectRetentionArgs.builder().bucket(settings.bucket()).object(key)
                    .versionId(versionId)
                    .config(new Retention(RetentionMode.COMPLIANCE, retainUntil.atZone(ZoneOffset.UTC))).build());
            return null;
        });
    }

    // ---- reading and listing ----

    private StatObjectResponse statObject(String key, String versionId) throws IOException {
        StatObjectArgs.Builder args = StatObjectArgs.builder().bucket(settings.bucket()).object(key);
        if (versionId != null) args.versionId(versionId);
        return sdk("look up", key, () -> client.statObject(args.build()));
    }

    private Optional<StatObjectResponse> currentObject(String key) throws IOException {
        try {
            return Optional.of(statObject(key, null));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    private static ObjectInfo info(String key, StatObjectResponse stat) {
        String sha256 = stat.userMetadata().getFirst(SHA256_METADATA);
        return new ObjectInfo(key, stat.size(), sha256, stat.contentType(), stat.lastModified().toInstant());
    }

    private List<Item> items(String prefix, boolean recursive, boolean versions) throws IOException {
        ListObjectsArgs.Builder args = ListObjectsArgs.builder().bucket(settings.bucket()).recursive(recursive);
        if (!prefix.isEmpty()) args.prefix(prefix);
        if (versions) args.includeVersions(true);
        return sdk("list", prefix.isEmpty() ? "(everything)" : prefix, () -> {
            List<Item> items = new ArrayList<>();
            for (Result<Item> result : client.listObjects(args.build())) items.add(result.get());
            return items;
        });
    }

    /** Every version and delete marker of exactly {@code key}, newest first as S3 lists them. */
    private List<Item> versionsOf(String key) throws IOException {
        List<Item> versions = new ArrayList<>();
        for (Item item : items(key, true, true)) {
            if (key.equals(item.objectName())) versions.add(item);
        }
        return versions;
    }

    // ---- holds and removal ----

    /** Whether {@code versionId} (null: the current version) is held; false for a missing object. */
    private boolean isHeld(String key, String versionId) throws IOException {
        return sdk("read the legal hold of", key, () -> {
            if (objectLockEnabled) {
                IsObjectLegalHoldEnabledArgs.Builder args = IsObjectLegalHoldEnabledArgs.builder()
                        .bucket(settings.bucket()).object(key);
                if (versionId != null) args.versionId(versionId);
                return client.isObjectLegalHoldEnabled(args.build());
            }
            return "on".equals(tagsOf(key, versionId).get(HOLD_TAG));
        }, refused -> {
            String code = refused.errorResponse().code();
            if (NO_HOLD.contains(code)) return false;
            // a delete marker on top: MinIO answers MethodNotAllowed, as for any read of a deleted object
            if (NOT_FOUND.contains(code) || "MethodNotAllowed".equals(code)) throw new ObjectNotFoundException(key);
            throw failure("read the legal hold of", key, refused);
        });
    }

    private Map<String, String> tagsOf(String key, String versionId) throws MinioException {
        GetObjectTagsArgs.Builder args = GetObjectTagsArgs.builder().bucket(settings.bucket()).object(key);
        if (versionId != null) args.versionId(versionId);
        try {
            return client.getObjectTags(args.build()).get();
        } catch (XmlParserException emptyBody) {
            // S3Mock answers "no tags" with an empty body instead of an empty TagSet
            return Map.of();
        }
    }

    private void removeVersion(String key, String versionId) throws IOException {
        RemoveObjectArgs.Builder args = RemoveObjectArgs.builder().bucket(settings.bucket()).object(key);
        if (versionId != null) args.versionId(versionId);
        sdk("delete", key, () -> {
            client.removeObject(args.build());
            return null;
        }, refused -> {
            if (NOT_FOUND.contains(refused.errorResponse().code())) return null;
            if ("AccessDenied".equals(refused.errorResponse().code()) && versionId != null) {
                throw new ObjectLockedException(key, "the server refused to delete version " + versionId + ": "
                        + refused.errorResponse().message());
            }
            throw failure("delete", key, refused);
        });
    }

    // ---- the bucket ----

    private void prepareBucket() throws IOException {
        String bucket = settings.bucket();
        sdk("prepare bucket", bucket, () -> {
            if (client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) return null;
            if (!settings.createBucketIfMissing()) {
                throw new IOException("bucket " + bucket + " does not exist at " + settings.endpoint()
                        + "; create it as storage-config/README.md shows");
            }
            if (settings.namesALocation()) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(settings.region())
                        .objectLock(settings.objectLock()).build());
            } else {
                createBucketWithoutLocation(bucket);
            }
            if (settings.objectLock()) {
                // Object Lock implies versioning on MinIO and AWS; said explicitly for servers that do not infer it.
                client.setBucketVersioning(SetBucketVersioningArgs.builder().bucket(bucket)
                        .config(new VersioningConfiguration(VersioningConfiguration.Status.ENABLED, null, null, null))
                        .build());
            }
            log.info("created bucket {} at {} (object lock {})", bucket, settings.endpoint(),
                    settings.objectLock() ? "on" : "off");
            return null;
        });
    }

    /**
     * CreateBucket without a body. The SDK always sends a LocationConstraint (us-east-1 when no region is set), which
     * Ceph's radosgw refuses unless its zone group is named so (InvalidLocationConstraint); without one, every S3
     * server makes the bucket in its own region.
     */
    private void createBucketWithoutLocation(String bucket) throws IOException {
        HttpUrl url = HttpUrl.get(settings.endpoint()).newBuilder().addPathSegment(bucket).build();
        String host = url.port() == HttpUrl.defaultPort(url.scheme()) ? url.host() : url.host() + ":" + url.port();
        Request.Builder request = new Request.Builder().url(url).put(RequestBody.create(new byte[0]))
                .header("Host", host)
                .header("x-amz-date", ZonedDateTime.now(ZoneOffset.UTC).format(AMZ_DATE))
                .header("x-amz-content-sha256", EMPTY_SHA256);
        if (settings.objectLock()) request.header("x-amz-bucket-object-lock-enabled", "true");
        OkHttpClient httpClient = (http != null ? http : Http.newDefaultClient()).newBuilder()
                .connectTimeout(settings.connectTimeout()).readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout()).build();
        try (Response response = httpClient.newCall(Signer.signV4S3(request.build(), "us-east-1",
                settings.accessKey(), settings.secretKey(), EMPTY_SHA256)).execute()) {
            if (response.isSuccessful()) return;
            String body = response.body().string();
            Matcher code = ERROR_CODE.matcher(body);
            String error = code.find() ? code.group(1) : "HTTP " + response.code();
            if ("BucketAlreadyOwnedByYou".equals(error)) return; // another node made it just now
            throw new IOException("the S3 server refused to create bucket " + bucket + " at " + settings.endpoint()
                    + ": " + error + (error.equals("InvalidLocationConstraint")
                    ? "; set MINIO_REGION to the region (Ceph: the zone group's API name) the bucket belongs in" : ""));
        } catch (MinioException e) {
            throw new IOException("could not sign the request to create bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether the server refuses to overwrite an object with a PUT that says {@code If-None-Match: *}. Measured, not
     * assumed from the server's name: Ceph radosgw 16.2 honours it in an unversioned bucket and ignores it in a
     * versioned one; old MinIO releases ignore it everywhere. Writes two versions of a key of this process's own
     * (nobody else reads {@value #PROBE_PREFIX}) and removes every version of it again.
     */
    private boolean honoursIfNoneMatch() throws IOException {
        String key = PROBE_PREFIX + Long.toHexString(new java.security.SecureRandom().nextLong());
        String action = "test conditional writes with";
        try {
            sdk(action, key, () -> {
                probeWrite(key, Map.of());
                return null;
            });
            return sdk(action, key, () -> {
                probeWrite(key, Map.of("If-None-Match", "*"));
                return false; // the server wrote over the first version
            }, refused -> {
                if ("PreconditionFailed".equals(refused.errorResponse().code())) return true;
                throw failure(action, key, refused);
            });
        } finally {
            for (Item version : versioned ? versionsOf(key) : List.<Item>of()) removeVersion(key, version.versionId());
            if (!versioned) removeVersion(key, null);
        }
    }

    private void probeWrite(String key, Map<String, String> headers) throws MinioException {
        byte[] nothing = new byte[0];
        client.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object(key).data(nothing, 0)
                .contentType("application/octet-stream").extraHeaders(headers).build());
    }

    private boolean isVersioned() throws IOException {
        VersioningConfiguration.Status status = sdk("read the versioning of bucket", settings.bucket(),
                () -> client.getBucketVersioning(GetBucketVersioningArgs.builder().bucket(settings.bucket()).build()))
                .status();
        return status == VersioningConfiguration.Status.ENABLED || status == VersioningConfiguration.Status.SUSPENDED;
    }

    private boolean hasObjectLock() throws IOException {
        String action = "read the object lock configuration of bucket";
        return sdk(action, settings.bucket(), () -> {
            client.getObjectLockConfiguration(GetObjectLockConfigurationArgs.builder().bucket(settings.bucket()).build());
            return true;
        }, refused -> {
            if ("AccessDenied".equals(refused.errorResponse().code())) throw failure(action, settings.bucket(), refused);
            return false; // MinIO/AWS: ObjectLockConfigurationNotFoundError; S3Mock: InvalidRequest
        });
    }

    /** One call into the SDK; it may also throw the IOExceptions of ChartVault's own checks. */
    @FunctionalInterface
    private interface SdkCall<T> {
        T call() throws MinioException, IOException;
    }

    /** What an error response from the server means at one call: a value, or the IOException to throw. */
    @FunctionalInterface
    private interface Refusal<T> {
        T answer(ErrorResponseException refused) throws IOException;
    }

    /** Runs an SDK call, turning the SDK's failures into IOExceptions that name {@code action} and {@code key}. */
    private <T> T sdk(String action, String key, SdkCall<T> call) throws IOException {
        return sdk(action, key, call, refused -> {
            throw failure(action, key, refused);
        });
    }

    /** {@link #sdk(String, String, SdkCall)}, with the server's error responses answered by {@code refusal}. */
    private <T> T sdk(String action, String key, SdkCall<T> call, Refusal<T> refusal) throws IOException {
        try {
            return call.call();
        } catch (ErrorResponseException e) {
            return refusal.answer(e);
        } catch (IllegalStateException e) {
            throw unreachable(e);
        } catch (MinioException e) {
            throw failure(action, key, e);
        }
    }

    /**
     * The SDK hands a network failure (a refused connection, a timeout, a connection the server dropped) out as an
     * IllegalStateException around the IOException; it is the store being unreachable, which callers answer with
     * "storage unavailable" and retry, so it goes on as the IOException it is. Anything else is a bug and stays one.
     */
    private IOException unreachable(IllegalStateException e) {
        if (e.getCause() instanceof IOException cause) {
            return new IOException("could not reach " + describe() + ": " + cause, cause);
        }
        throw e;
    }

    private IOException failure(String action, String key, MinioException e) {
        if (e instanceof ErrorResponseException response) {
            String code = response.errorResponse().code();
            if (NOT_FOUND.contains(code)) return new ObjectNotFoundException(key);
            return new IOException("MinIO refused to " + action + " " + key + " in bucket " + settings.bucket() + ": "
                    + code + " (" + response.errorResponse().message() + ")", e);
        }
        return new IOException("could not " + action + " " + key + " at " + describe() + ": " + e.getMessage(), e);
    }
}
