package org.chartvault.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A production ZIP read back the way a litigation-support team's tools read it. */
public final class ProductionFiles {
    private ProductionFiles() {
    }

    /** Entries in the order the ZIP stores them; a name twice fails. */
    public static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                assertEquals(null, files.put(entry.getName(), in.readAllBytes()), "twice in the ZIP: " + entry.getName());
            }
        }
        return files;
    }

    /** The manifest as cells; its values need no quoting (paths, hashes, ids, Bates numbers). */
    public static List<String[]> csv(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).lines().map(l -> l.split(",", -1)).toList();
    }

    /** A Concordance load file: fields between þ quotes, separated by DC4. */
    public static List<List<String>> dat(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).lines()
                .map(l -> Arrays.stream(l.split("\u0014", -1)).map(f -> {
                    assertTrue(f.startsWith("\u00FE") && f.endsWith("\u00FE"), "unquoted DAT field: " + f);
                    return f.substring(1, f.length() - 1);
                }).toList()).toList();
    }
}
