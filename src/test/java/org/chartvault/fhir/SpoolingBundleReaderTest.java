package org.chartvault.fhir;

import org.hl7.fhir.r4.model.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.chartvault.testing.Hashes.sha256;

/** How an ITI-65 body is read: documents to files as they arrive, the rest in a bounded share of memory. */
class SpoolingBundleReaderTest {
    private static final long MIB = 1024 * 1024;
    private final FhirJson json = new FhirJson(FhirJsonTest.R4);

    @TempDir
    Path work;

    @Test
    void decodesADocumentLargerThanItsShareOfMemoryIntoAFileAsItArrives() throws Exception {
        // 48 MiB of document, 64 MiB of base64 on the wire: the largest bundle the server takes
        Body body = new Body(48 * 1024, 1024);
        SubmissionMemory memory = new SubmissionMemory(SubmissionMemory.FIRST_SHARE);
        SpoolingBundleReader reader = new SpoolingBundleReader(json, work, 64 * MIB + 4096);
        readOnce(reader, new Body(48 * 1024, 2), memory); // the first read loads classes and fills caches

        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        try (SubmissionMemory.Reservation share = memory.reserve(); ReceivedBundle received = reader.read(body, share)) {
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            ReceivedBundle.Document document = received.document(ReceivedBundle.binaryData(0)).orElseThrow();
            assertEquals(body.documentBytes(), document.size());
            assertEquals(body.sha256(), sha256(document.file()), "decoded byte for byte");
            assertFalse(((Binary) received.bundle().getEntryFirstRep().getResource()).hasData(), "the Bundle itself holds no document");
            assertEquals(SubmissionMemory.FIRST_SHARE, share.held(), "the metadata fit in the first share");
            assertTrue(allocated < 8 * MIB, "reading " + body.documentBytes() / MIB + " MiB of document allocated "
                    + allocated / MIB + " MiB of memory");
            System.out.printf("Read a %d MiB document (%d MiB of base64) allocating %.1f MiB; memory held %d KiB%n",
                    body.documentBytes() / MIB, body.wireBytes() / MIB, allocated / (double) MIB, share.held() / 1024);
        }
        assertEquals(0, memory.inUse());
        try (var files = Files.list(work)) {
            assertEquals(List.of(), files.toList(), "closing the received bundle deletes its files");
        }
    }

    @Test
    void metadataThatOutgrowsItsShareTakesMoreOrIsRefused() throws Exception {
        String narrative = "<div xmlns=\"http://www.w3.org/1999/xhtml\">" + "Scanned at the front desk. ".repeat(7000) + "</div>";
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"List\","
                + "\"text\":{\"status\":\"generated\",\"div\":\"" + narrative.replace("\"", "\\\"") + "\"},\"status\":\"current\",\"mode\":\"working\"}}]}";
        long metadata = bundle.length();
        assertTrue(metadata > 2 * SubmissionMemory.METADATA_STEP);
        long needed = SubmissionMemory.BUFFERS + SubmissionMemory.PARSED_FACTOR * SubmissionMemory.METADATA_STEP
                * ((metadata + SubmissionMemory.METADATA_STEP - 1) / SubmissionMemory.METADATA_STEP);

        SubmissionMemory enough = new SubmissionMemory(needed);
        try (SubmissionMemory.Reservation share = enough.reserve();
             ReceivedBundle received = read(bundle, share)) {
            assertEquals(needed, share.held());
            assertNotNull(received.bundle());
        }
        assertEquals(0, enough.inUse());
        assertEquals(needed, enough.peak());

        SubmissionMemory tooLittle = new SubmissionMemory(needed - 1);
        FhirException tooLarge = assertThrows(FhirException.class, () -> {
            try (SubmissionMemory.Reservation share = tooLittle.reserve()) {
                read(bundle, share).close();
            }
        });
        assertEquals(413, tooLarge.status(), "it could never fit");
        assertEquals(0, tooLittle.inUse());

        SubmissionMemory busy = new SubmissionMemory(needed + SubmissionMemory.FIRST_SHARE - 1); // room for it alone, not beside another
        try (SubmissionMemory.Reservation other = busy.reserve()) {
            FhirException later = assertThrows(FhirException.class, () -> {
                try (SubmissionMemory.Reservation share = busy.reserve()) {
                    read(bundle, share).close();
                }
            });
            assertEquals(503, later.status(), "it fits once the other submission is done");
            assertNotNull(later.retryAfter());
            assertEquals(SubmissionMemory.FIRST_SHARE, busy.inUse());
        }
    }

    @Test
    void aSubmissionWaitsForAShareAndIsToldToComeBackWhenNoneComesFree() throws Exception {
        SubmissionMemory memory = new SubmissionMemory(SubmissionMemory.FIRST_SHARE, Duration.ofSeconds(30));
        SubmissionMemory.Reservation first = memory.reserve();
        CompletableFuture<SubmissionMemory.Reservation> second = CompletableFuture.supplyAsync(memory::reserve);
        assertThrows(java.util.concurrent.TimeoutException.class, () -> second.get(300, TimeUnit.MILLISECONDS),
                "no share is free while the first submission holds the whole budget");
        first.close();
        second.get(10, TimeUnit.SECONDS).close();
        assertEquals(SubmissionMemory.FIRST_SHARE, memory.peak(), "never more than the budget");

        SubmissionMemory impatient = new SubmissionMemory(SubmissionMemory.FIRST_SHARE, Duration.ofMillis(100));
        try (SubmissionMemory.Reservation held = impatient.reserve()) {
            FhirException busy = assertThrows(FhirException.class, impatient::reserve);
            assertEquals(503, busy.status());
            assertEquals(SubmissionMemory.RETRY_AFTER, busy.retryAfter());
        }
    }

    private ReceivedBundle read(String bundle, SubmissionMemory.Reservation share) throws IOException {
        return new SpoolingBundleReader(json, work, 64 * MIB).read(new ByteArrayInputStream(bundle.getBytes(StandardCharsets.UTF_8)), share);
    }

    private static void readOnce(SpoolingBundleReader reader, InputStream body, SubmissionMemory memory) throws IOException {
        try (SubmissionMemory.Reservation share = memory.reserve()) {
            reader.read(body, share).close();
        }
    }


    /**
     * A bundle of one Binary whose document is one block of random bytes repeated, written as it is read: the
     * test itself holds one block, never the document.
     */
    private static final class Body extends InputStream {
        private final byte[] prefix = ("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"fullUrl\":\"urn:uuid:1\","
                + "\"resource\":{\"resourceType\":\"Binary\",\"contentType\":\"application/pdf\",\"data\":\"").getBytes(StandardCharsets.US_ASCII);
        private final byte[] suffix = "\"},\"request\":{\"method\":\"POST\",\"url\":\"Binary\"}}]}".getBytes(StandardCharsets.US_ASCII);
        private final byte[] block; // base64 of blockBytes random bytes (a multiple of 3: no padding inside)
        private final int blocks;
        private final long documentBytes;
        private final String sha256;
        private long position;

        Body(int blockBytes, int blocks) throws Exception {
            byte[] raw = new byte[blockBytes];
            new Random(blocks).nextBytes(raw);
            this.block = Base64.getEncoder().encode(raw);
            this.blocks = blocks;
            this.documentBytes = (long) blockBytes * blocks;
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < blocks; i++) digest.update(raw);
            this.sha256 = HexFormat.of().formatHex(digest.digest());
        }

        long documentBytes() {
            return documentBytes;
        }

        long wireBytes() {
            return prefix.length + (long) block.length * blocks + suffix.length;
        }

        String sha256() {
            return sha256;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            long blockEnd = prefix.length + (long) block.length * blocks;
            if (position >= blockEnd + suffix.length) return -1;
            int n;
            if (position < prefix.length) {
                n = (int) Math.min(length, prefix.length - position);
                System.arraycopy(prefix, (int) position, buffer, offset, n);
            } else if (position < blockEnd) {
                int at = (int) ((position - prefix.length) % block.length);
                n = Math.min(length, block.length - at);
                System.arraycopy(block, at, buffer, offset, n);
            } else {
                int at = (int) (position - blockEnd);
                n = Math.min(length, suffix.length - at);
                System.arraycopy(suffix, at, buffer, offset, n);
            }
            position += n;
            return n;
        }
    }
}
