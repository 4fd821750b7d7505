package org.chartvault.watch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a look into a watched folder finds, on a real folder tree. */
class FolderScanTest {

    @Test
    void namesOfFilesStillBeingWrittenHiddenOrTheSystemsOwnAreNeverTaken() {
        Map<String, Boolean> taken = new LinkedHashMap<>();
        taken.put("scan-0001.pdf", true);
        taken.put("Ward 4 2026-12-07.TIF", true);
        taken.put("batch.zip", true);
        taken.put("notes.txt", true); // taken, and refused with its reason: the station learns it sent the wrong file
        taken.put("scan-0001.pdf.tmp", false);
        taken.put("SCAN-0001.PDF.TMP", false);
        taken.put("scan-0001.pdf.temp", false);
        taken.put("scan-0002.part", false);
        taken.put("scan-0002.pdf.partial", false);
        taken.put("scan-0003.pdf.filepart", false); // WinSCP
        taken.put("scan-0004.pdf.crdownload", false); // Chromium
        taken.put("scan-0005.pdf~", false);
        taken.put(".scan-0006.pdf", false);
        taken.put(".DS_Store", false);
        taken.put("Thumbs.db", false);
        taken.put("desktop.ini", false);
        taken.put("~$referral.docx", false);
        List<String> wrong = new ArrayList<>();
        taken.forEach((name, expected) -> {
            if (FolderScan.ignored(name) == expected) wrong.add(name + (expected ? " should be taken" : " should be left alone"));
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void subFoldersAreLookedIntoButNotArchivedRejectedHiddenFoldersOrLinks(@TempDir Path root) throws IOException {
        Path outside = Files.writeString(root.resolve("outside.pdf"), "elsewhere");
        Path folder = Files.createDirectories(root.resolve("station"));
        for (String file : List.of("top.pdf", "ward-4/2026/deep.pdf", "archived/done.pdf", "rejected/refused.txt",
                "rejected/refused.txt.reason.txt", ".sync/hidden.pdf", "ward-4/archived/kept-by-the-station.pdf")) {
            Path path = folder.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, file);
        }
        Files.createSymbolicLink(folder.resolve("link.pdf"), outside);
        Files.createSymbolicLink(folder.resolve("linked-folder"), root);

        List<String> seen = FolderScan.files(folder).stream().map(FolderScan.Seen::relative).sorted().toList();

        assertEquals(List.of("top.pdf", "ward-4/2026/deep.pdf", "ward-4/archived/kept-by-the-station.pdf"), seen);
    }

    @Test
    void folderThatIsGoneIsAnErrorNotAnEmptyFolder(@TempDir Path root) {
        assertThrows(IOException.class, () -> FolderScan.files(root.resolve("unmounted-share")));
    }
}
