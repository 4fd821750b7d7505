package org.chartvault.ingest;

import org.chartvault.Config;
import org.chartvault.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZipExpanderTest {
    private static final Config.Limits LIMITS = Config.from(Map.of()).limits();

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0} is refused for a path leaving its folder")
    @ValueSource(strings = {"zip-slip.zip", "snyk-zip-slip.zip"})
    void archiveWithEntryLeavingItsFolderIsRefused(String file) {
        Path zip = Corpus.hostile().resolve(file);
        RejectedFileException refused = assertThrows(RejectedFileException.class, () -> new ZipExpander(LIMITS).expand(zip, work));
        assertTrue(refused.getMessage().contains("leaves its folder"), refused.getMessage());
        assertNoFilesLeftIn(work);
    }

    @Test
    void zipBombIsRefusedWithoutInflatingIt() {
        Path bomb = Corpus.hostile().resolve("zip-bomb.zip");
        RejectedFileException refused = assertThrows(RejectedFileException.class, () -> new ZipExpander(LIMITS).expand(bomb, work));
        assertTrue(refused.getMessage().contains("ZIP bomb"), refused.getMessage());
        assertNoFilesLeftIn(work);
    }

    @Test
    void archiveWithTooManyEntriesIsRefused() throws IOException {
        Path zip = work.resolve("many.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (int i = 0; i < 12; i++) {
                out.putNextEntry(new ZipEntry("page-" + i + ".png"));
                out.write(new byte[]{1, 2, 3});
            }
        }
        Config.Limits tight = new Config.Limits(LIMITS.maxFileBytes(), LIMITS.maxRequestBytes(), LIMITS.maxPages(),
                LIMITS.maxPixelsPerPage(), 10, LIMITS.maxZipBytes(), LIMITS.maxZipRatio(), LIMITS.fhirMemoryBytes());
        RejectedFileException refused = assertThrows(RejectedFileException.class,
                () -> new ZipExpander(tight).expand(zip, work));
        assertTrue(refused.getMessage().contains("12 entries"), refused.getMessage());
    }

    @Test
    void ordinaryArchiveIsUnpackedEntryByEntryWithoutDesktopClutter() throws Exception {
        byte[] first = Files.readAllBytes(Corpus.scans().resolve("pdfbox-ccittg4multi.tif"));
        byte[] second = Files.readAllBytes(Corpus.scans().resolve("ocrmypdf-aspect.pdf"));
        Path zip = work.resolve("scans.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            add(out, "ward-3/", new byte[0]);
            add(out, "ward-3/fax.tif", first);
            add(out, "ward-3/aspect.pdf", second);
            add(out, "__MACOSX/ward-3/._fax.tif", new byte[]{0});
            add(out, "ward-3/.DS_Store", new byte[]{0});
        }
        List<ZipExpander.Entry> entries = new ZipExpander(LIMITS).expand(zip, work);
        assertEquals(List.of("ward-3/fax.tif", "ward-3/aspect.pdf"), entries.stream().map(ZipExpander.Entry::name).toList());
        assertArrayEquals(first, Files.readAllBytes(entries.get(0).file()));
        assertArrayEquals(second, Files.readAllBytes(entries.get(1).file()));
        assertEquals(second.length, entries.get(1).bytes());
    }

    @Test
    void damagedArchiveIsRefusedWithAReason() throws IOException {
        Path zip = work.resolve("cut.zip");
        try (OutputStream out = Files.newOutputStream(zip)) {
            out.write(new byte[]{'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0});
        }
        RejectedFileException refused = assertThrows(RejectedFileException.class,
                () -> new ZipExpander(LIMITS).expand(zip, work));
        assertTrue(refused.getMessage().contains("damaged"), refused.getMessage());
    }

    private static void add(ZipOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(content);
        out.closeEntry();
    }

    private static void assertNoFilesLeftIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
