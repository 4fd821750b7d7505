package org.chartvault.testing;

import org.chartvault.storage.ObjectInfo;
import org.chartvault.storage.ObjectStore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * The real object store with faults injected on command, as storage really fails: the server is down (every call
 * fails with an IOException), it stops answering (calls wait, then time out), it is slow, the disk is full (writes
 * above a size fail part-way with "No space left on device"), one particular write fails, or reads break off
 * part-way. Everything that is not failed goes to the real store underneath, so what succeeds is really stored.
 *
 * <pre>{@code
 * FaultInjectingStore store = new FaultInjectingStore(new LocalDiskStore(data.resolve("store")));
 * App app = App.open(config, store);
 * store.down(FaultInjectingStore.Operation.WRITES);   // every put and delete fails
 * store.heal();                                       // back to normal
 * }</pre>
 */
public final class FaultInjectingStore implements ObjectStore {

    /** Calls a fault applies to. */
    public enum Operation {
        PUT, GET, STAT, DELETE, LIST, HOLD;

        /** Calls that change what is stored. */
        public static final Set<Operation> WRITES = Set.of(PUT, DELETE, HOLD);
        /** Every call. */
        public static final Set<Operation> ALL = Set.of(values());
    }

    /** What happens to a call that a fault applies to. */
    private record Fault(Set<Operation> operations, String keyPrefix, Mode mode, Duration delay, long largestWrite,
                         long readBytesBeforeFailure) {
        boolean appliesTo(Operation operation, String key) {
            return operations.contains(operation) && (keyPrefix == null || key == null || key.startsWith(keyPrefix));
        }
    }

    private enum Mode { NONE, DOWN, STALL, SLOW, DISK_FULL, BROKEN_READS }

    private static final Fault HEALTHY = new Fault(Set.of(), null, Mode.NONE, Duration.ZERO, Long.MAX_VALUE, 0);

    private final ObjectStore real;
    private volatile Fault fault = HEALTHY;
    /** When set, the next write (put or delete) of a key under this prefix fails, once. */
    private final AtomicReference<String> failNextWriteUnder = new AtomicReference<>();
    /** When set, the first put of a key under its prefix starts its outage, which that put already meets. */
    private final AtomicReference<Trigger> trigger = new AtomicReference<>();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicLong injected = new AtomicLong();

    public FaultInjectingStore(ObjectStore real) {
        this.real = Objects.requireNonNull(real, "real");
    }

    /** Every call of these kinds fails at once with an IOException, as when the storage server is unreachable. */
    public void down(Set<Operation> operations) {
        fault = new Fault(Set.copyOf(operations), null, Mode.DOWN, Duration.ZERO, Long.MAX_VALUE, 0);
    }

    /** Like {@link #down(Set)} for keys under {@code keyPrefix} only (e.g. one bucket prefix on a failing disk). */
    public void down(Set<Operation> operations, String keyPrefix) {
        fault = new Fault(Set.copyOf(operations), keyPrefix, Mode.DOWN, Duration.ZERO, Long.MAX_VALUE, 0);
    }

    /** Calls of these kinds hang for {@code wait} and then fail with a {@link SocketTimeoutException}. */
    public void stall(Set<Operation> operations, Duration wait) {
        fault = new Fault(Set.copyOf(operations), null, Mode.STALL, wait, Long.MAX_VALUE, 0);
    }

    /** Calls of these kinds take {@code delay} longer and then succeed. */
    public void slow(Set<Operation> operations, Duration delay) {
        fault = new Fault(Set.copyOf(operations), null, Mode.SLOW, delay, Long.MAX_VALUE, 0);
    }

    /** A nearly full disk: a put fails with "No space left on device" once it has written more than this. */
    public void diskFull(long largestWrite) {
        fault = new Fault(Set.of(Operation.PUT), null, Mode.DISK_FULL, Duration.ZERO, largestWrite, 0);
    }

    /** Reads break off with an IOException after this many bytes (a connection reset mid-download). */
    public void breakReadsAfter(long bytes) {
        fault = new Fault(Set.of(Operation.GET), null, Mode.BROKEN_READS, Duration.ZERO, Long.MAX_VALUE, bytes);
    }

    /**
     * The next write (put or delete) of a key under {@code keyPrefix} fails once with an IOException; every other
     * call succeeds. Aimed by key kind ({@code "jobs/"}, {@code "originals/"} ...), it stops a request at one step.
     */
    public void failNextWrite(String keyPrefix) {
        failNextWriteUnder.set(Objects.requireNonNull(keyPrefix, "keyPrefix"));
    }

    /**
     * The outage begins at the first put of a key under {@code keyPrefix}, and that put already meets it: a fault
     * aimed at one step of work, however fast or slow the work before it runs (e.g. the first page a worker stores).
     */
    public void whenWriting(String keyPrefix, Runnable outage) {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        trigger.set(new Trigger(key -> key.startsWith(keyPrefix), Objects.requireNonNull(outage, "outage"), null));
    }

    /**
     * The outage begins at the first put of a key {@code key} accepts, once {@code goAhead} is opened: that put waits
     * for it (two minutes at most), then meets the outage. Armed before the request that leads to the write, it cannot
     * miss a write made before the caller learns the new object's id; opened once the request is answered, the outage
     * cannot reach the request's own last writes either.
     */
    public void whenWriting(Predicate<String> key, Runnable outage, CountDownLatch goAhead) {
        trigger.set(new Trigger(Objects.requireNonNull(key, "key"), Objects.requireNonNull(outage, "outage"),
                Objects.requireNonNull(goAhead, "goAhead")));
    }

    /** True while a {@link #whenWriting} outage has not begun. */
    public boolean outagePending() {
        return trigger.get() != null;
    }

    private record Trigger(Predicate<String> key, Runnable outage, CountDownLatch goAhead) {}

    /** True while a {@link #failNextWrite} has not been used up. */
    public boolean writeFailurePending() {
        return failNextWriteUnder.get() != null;
    }

    /** Storage is healthy again. */
    public void heal() {
        fault = HEALTHY;
        failNextWriteUnder.set(null);
        trigger.set(null);
    }

    /** Puts and deletes asked of this store since it was made (failed ones included). */
    public int writes() {
        return writes.get();
    }

    /** Calls that failed because of an injected fault. */
    public long faultsInjected() {
        return injected.get();
    }

    public ObjectStore real() {
        return real;
    }

    @Override
    public ObjectInfo put(String key, InputStream data, long length, String contentType) throws IOException {
        Fault f = before(Operation.PUT, key);
        countWrite(key);
        return real.put(key, limited(f, key, data), length, contentType);
    }

    @Override
    public Optional<ObjectInfo> putIfAbsent(String key, InputStream data, long length, String contentType)
            throws IOException {
        Fault f = before(Operation.PUT, key);
        countWrite(key);
        return real.putIfAbsent(key, limited(f, key, data), length, contentType);
    }

    @Override
    public InputStream get(String key) throws IOException {
        Fault f = before(Operation.GET, key);
        InputStream in = real.get(key);
        if (f.mode() == Mode.BROKEN_READS && f.appliesTo(Operation.GET, key)) return new BreakingStream(in, f.readBytesBeforeFailure(), key);
        return in;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        before(Operation.STAT, key);
        return real.stat(key);
    }

    @Override
    public void delete(String key) throws IOException {
        before(Operation.DELETE, key);
        countWrite(key);
        real.delete(key);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        before(Operation.LIST, prefix);
        return real.list(prefix);
    }

    @Override
    public List<String> listFolders(String prefix) throws IOException {
        before(Operation.LIST, prefix);
        return real.listFolders(prefix);
    }

    @Override
    public void setLegalHold(String key, boolean on) throws IOException {
        before(Operation.HOLD, key);
        real.setLegalHold(key, on);
    }

    @Override
    public boolean isLegalHold(String key) throws IOException {
        before(Operation.STAT, key);
        return real.isLegalHold(key);
    }

    @Override
    public boolean supportsCreateIfAbsent() {
        return real.supportsCreateIfAbsent();
    }

    @Override
    public String describe() {
        return "faults:" + real.describe();
    }

    @Override
    public void close() {
        real.close();
    }

    private static void awaitGoAhead(CountDownLatch goAhead) throws IOException {
        try {
            if (!goAhead.await(2, TimeUnit.MINUTES)) {
                throw new IOException("test fault: the outage was never let go ahead");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the outage to begin");
        }
    }

    /** Applies the current fault to a call before it reaches the real store; returns the fault for the call. */
    private Fault before(Operation operation, String key) throws IOException {
        Trigger t = trigger.get();
        if (t != null && operation == Operation.PUT && t.key().test(key) && trigger.compareAndSet(t, null)) {
            if (t.goAhead() != null) awaitGoAhead(t.goAhead());
            t.outage().run();
        }
        Fault f = fault;
        if (!f.appliesTo(operation, key)) return f;
        switch (f.mode()) {
            case DOWN -> throw injected(new IOException("injected fault: storage is unavailable (" + operation + " " + key + ")"));
            case STALL -> {
                pause(f.delay());
                throw injected(new SocketTimeoutException("injected fault: storage did not answer within "
                        + f.delay().toMillis() + " ms (" + operation + " " + key + ")"));
            }
            case SLOW -> pause(f.delay());
            default -> {
                // disk-full and broken reads act on the data, below
            }
        }
        return f;
    }

    private void countWrite(String key) throws IOException {
        writes.incrementAndGet();
        String prefix = failNextWriteUnder.get();
        if (prefix != null && key.startsWith(prefix) && failNextWriteUnder.compareAndSet(prefix, null)) {
            throw injected(new IOException("injected fault: the write of " + key + " failed"));
        }
    }

    private InputStream limited(Fault f, String key, InputStream data) {
        if (f.mode() != Mode.DISK_FULL || !f.appliesTo(Operation.PUT, key)) return data;
        return new FullDiskStream(data, f.largestWrite(), key);
    }

    private IOException injected(IOException e) {
        injected.incrementAndGet();
        return e;
    }

    private static void pause(Duration delay) throws IOException {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while storage was stalled");
        }
    }

    /** Fails once more than {@code limit} bytes went through: the write ran out of disk part-way. */
    private final class FullDiskStream extends FilterInputStream {
        private final long limit;
        private final String key;
        private long count;

        FullDiskStream(InputStream in, long limit, String key) {
            super(in);
            this.limit = limit;
            this.key = key;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) count += n;
            if (count > limit) throw injected(new IOException("No space left on device (injected, writing " + key + ")"));
            return n;
        }
    }

    /** Breaks off after {@code limit} bytes, as a connection reset does. */
    private final class BreakingStream extends FilterInputStream {
        private final long limit;
        private final String key;
        private long count;

        BreakingStream(InputStream in, long limit, String key) {
            super(in);
            this.limit = limit;
            this.key = key;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (count >= limit) throw injected(new IOException("injected fault: connection reset reading " + key));
            int n = super.read(buffer, offset, (int) Math.min(length, limit - count));
            if (n > 0) count += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] discard = new byte[(int) Math.min(n, 8192)];
            int read = read(discard, 0, discard.length);
            return Math.max(read, 0);
        }
    }
}
