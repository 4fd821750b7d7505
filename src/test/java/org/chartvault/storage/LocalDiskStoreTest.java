package org.chartvault.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalDiskStoreTest extends ObjectStoreContract {
    @TempDir
    Path temp;
    private Path root;

    @Override
    protected ObjectStore openStore() throws IOException {
        root = temp.resolve("store");
        return new LocalDiskStore(root);
    }

    @Override
    protected void corrupt(String key) throws IOException {
        try (FileChannel file = FileChannel.open(fileOf(key), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            file.read(one, 1000);
            one.put(0, (byte) (one.get(0) ^ 0x01)).rewind();
            file.write(one, 1000);
        }
    }

    private Path fileOf(String key) {
        Path path = root;
        for (String segment : key.split("/")) path = path.resolve(LocalDiskStore.fileName(segment));
        return path;
    }

    @Test
    void storedFileBeginsWithTheOriginalBytes() throws IOException {
        byte[] pdf = "%PDF-1.7 scanned chart".getBytes(StandardCharsets.US_ASCII);

        store.put("originals/0a1b", pdf, "application/pdf");

        byte[] onDisk = Files.readAllBytes(root.resolve("originals/0a1b"));
        assertArrayEquals(pdf, Arrays.copyOf(onDisk, pdf.length));
        assertTrue(new String(onDisk, StandardCharsets.US_ASCII).contains("sha256=" + GeneratedContent.sha256Of(pdf)));
    }

    @Test
    void crashLeftoversAreNeverServedAndAreRemovedAtOpen() throws IOException {
        store.put("documents/d1/document.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json");
        Path folder = root.resolve("documents/d1");
        Path halfWritten = folder.resolve(".document.json.7f3a9c.tmp");
        Files.writeString(halfWritten, "half of a new version");
        Path orphanFolder = Files.createDirectories(root.resolve("documents/d2/pages"));
        Path orphan = orphanFolder.resolve(".1.png.55aa.tmp");
        Files.writeString(orphan, "a page that never finished");

        assertEquals(List.of("documents/d1/document.json"), store.list(""));
        assertEquals(List.of("documents/d1/"), store.listFolders("documents/"));
        assertThrows(ObjectNotFoundException.class, () -> store.get("documents/d2/pages/1.png"));
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), store.getBytes("documents/d1/document.json"));

        store.close();
        store = new LocalDiskStore(root);

        assertFalse(Files.exists(halfWritten));
        assertFalse(Files.exists(orphan));
        assertFalse(Files.exists(root.resolve("documents/d2")), "folders left empty are removed");
        assertEquals(List.of("documents/d1/document.json"), store.list(""));
    }

    @Test
    void aTempFileThatAWriterStillHoldsIsLeftAlone() throws IOException {
        store.close();
        Path live = Files.createDirectories(root.resolve("originals")).resolve(".abc.1234.tmp");
        try (FileChannel writer = FileChannel.open(live, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             FileLock ignored = writer.lock()) {
            store = new LocalDiskStore(root);
            assertTrue(Files.exists(live), "an upload in progress must survive another store opening");
            assertTrue(ignored.isValid());
        }
    }

    @Test
    void fileWithoutItsChecksumRecordIsReportedAsDamaged() throws IOException {
        store.put("documents/d3/document.json", "{\"mrn\":\"1\"}".getBytes(StandardCharsets.UTF_8), "application/json");
        Path file = root.resolve("documents/d3/document.json");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 3);
        }

        assertThrows(IntegrityException.class, () -> store.get("documents/d3/document.json"));
        assertThrows(IntegrityException.class, () -> store.stat("documents/d3/document.json"));
    }

    @Test
    void aKeyCannotAlsoBeAFolderOnDisk() throws IOException {
        store.put("a/b", new byte[] {1}, "text/plain");
        store.put("x/y/z", new byte[] {2}, "text/plain");

        IOException underObject = assertThrows(IOException.class, () -> store.put("a/b/c", new byte[] {3}, "text/plain"));
        IOException overFolder = assertThrows(IOException.class, () -> store.put("x/y", new byte[] {4}, "text/plain"));

        assertTrue(underObject.getMessage().contains("'a/b' is both an object and a folder"), underObject.getMessage());
        assertTrue(overFolder.getMessage().contains("cannot store 'x/y'"), overFolder.getMessage());
        assertEquals(List.of("a/b", "x/y/z"), store.list(""));
    }

    @Test
    void holdSurvivesReopening() throws IOException {
        store.put("documents/d4/document.json", new byte[] {1}, "application/json");
        store.setLegalHold("documents/d4/document.json", true);

        store.close();
        store = new LocalDiskStore(root);

        assertTrue(store.isLegalHold("documents/d4/document.json"));
        assertThrows(ObjectLockedException.class, () -> store.delete("documents/d4/document.json"));
    }

    @Test
    void everyFileStaysInsideTheRootWithAsciiNames() throws IOException {
        for (String key : List.of("notes/日本語.txt", "notes/%2E%2E", "notes/.profile", "ü/ß", "a b/c+d")) {
            store.put(key, new byte[] {1}, "text/plain");
            store.setLegalHold(key, true);
        }

        try (Stream<Path> files = Files.walk(temp)) {
            for (Path file : files.toList()) {
                assertTrue(file.equals(temp) || file.startsWith(root), file + " is outside the store root");
                String name = file.getFileName().toString();
                assertTrue(name.chars().allMatch(c -> c > 0x20 && c < 0x7f), "non-ASCII name on disk: " + name);
            }
        }
        assertEquals(List.of("a b/c+d", "notes/%2E%2E", "notes/.profile", "notes/日本語.txt", "ü/ß"), store.list(""));
    }

    @Test
    void onDiskNamesMapOneToOneToKeySegments() {
        List<List<String>> table = List.of(
                List.of("document.json", "document.json"),
                List.of("with space", "with%20space"),
                List.of(".hidden", "%2Ehidden"),
                List.of("a.b.", "a.b."),
                List.of("100%", "100%25"),
                List.of("é", "%C3%A9"),
                List.of("x=y+z,@~_-", "x=y+z,@~_-"));
        for (List<String> row : table) {
            assertEquals(row.get(1), LocalDiskStore.fileName(row.get(0)));
            assertEquals(row.get(0), LocalDiskStore.segmentOf(row.get(1)));
        }
        for (String notOurs : List.of(".lock", ".x.hold", ".x.1f.tmp", "%41", "%c3%a9", "%C3", "50%", "ü", "a b")) {
            assertNull(LocalDiskStore.segmentOf(notOurs), notOurs + " is not a name the store writes");
        }
    }

    @Test
    void filesTheStoreDidNotWriteAreNotListed() throws IOException {
        store.put("notes/ours", new byte[] {1}, "text/plain");
        Files.writeString(root.resolve("notes/%41"), "dropped here by hand");
        Files.writeString(root.resolve("notes/raw name.txt"), "dropped here by hand");

        assertEquals(List.of("notes/ours"), store.list("notes/"));
    }
}
