package org.chartvault.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolTest {
    @Test
    void smallUploadStaysInMemoryAndLargeOneGoesToATempFileThatCloseRemoves() throws IOException {
        byte[] small = {1, 2, 3};
        try (Spool spool = Spool.read(new ByteArrayInputStream(small), -1, "k", 1024)) {
            assertTrue(spool.inMemory());
            assertArrayEquals(small, spool.bytes());
            assertEquals(GeneratedContent.sha256Of(small), spool.sha256());
        }

        GeneratedContent large = GeneratedContent.of(5000, 9);
        Spool spool = Spool.read(large, -1, "k", 1024);
        assertFalse(spool.inMemory());
        assertEquals(5000, spool.size());
        assertEquals(large.digest(), spool.sha256());
        try (InputStream again = spool.open()) {
            assertEquals(large.digest(), GeneratedContent.sha256Of(again));
        }
        spool.close();
        assertThrows(IOException.class, spool::open, "the temp file is gone after close");
    }

    @Test
    void aStreamShorterThanAnnouncedIsRefused() {
        IOException refused = assertThrows(IOException.class,
                () -> Spool.read(GeneratedContent.shortOf(5000, 1), 5000, "originals/x", 1024));

        assertTrue(refused.getMessage().contains("ended after 4999 of the 5000 bytes"), refused.getMessage());
    }

    @Test
    void onlySpoolFilesOlderThanTheAgeAreRemoved(@TempDir Path dir) throws IOException {
        Path abandoned = Files.writeString(dir.resolve("chartvault-upload-123.spool"), "patient data");
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path live = Files.writeString(dir.resolve("chartvault-upload-456.spool"), "upload in progress");
        Path other = Files.writeString(dir.resolve("someone-else.tmp"), "not ours");
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

        assertEquals(1, Spool.removeAbandoned(dir, Duration.ofDays(1)));

        assertFalse(Files.exists(abandoned));
        assertTrue(Files.exists(live));
        assertTrue(Files.exists(other));
    }
}
