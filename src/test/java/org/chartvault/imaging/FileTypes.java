package org.chartvault.imaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Content type from a file's first bytes, as the ingest pipeline detects it before opening a page source. Only
 * for tests here: enough signatures to tell the corpus files apart.
 */
public final class FileTypes {
    private FileTypes() {
    }

    public static String detect(Path file) throws IOException {
        byte[] head = new byte[12];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (startsWith(head, read, "%PDF")) return PageSource.PDF;
        if (startsWith(head, read, "II*\0") || startsWith(head, read, "MM\0*")) return PageSource.TIFF;
        if (read >= 4 && (head[0] & 0xff) == 0x89 && startsWith(head, read, "\u0089PNG")) return PageSource.PNG;
        if (read >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) return PageSource.JPEG;
        if (startsWith(head, read, "GIF8")) return "image/gif";
        if (read >= 12 && head[4] == 'j' && head[5] == 'P') return "image/jp2";
        if (startsWith(head, read, "PK\u0003\u0004")) return "application/zip";
        return "application/octet-stream";
    }

    private static boolean startsWith(byte[] head, int read, String signature) {
        if (read < signature.length()) return false;
        for (int i = 0; i < signature.length(); i++) {
            if ((head[i] & 0xff) != signature.charAt(i)) return false;
        }
        return true;
    }

    /**
     * The type detected, or for a file whose bytes match no signature the type its name claims (so that a
     * damaged PDF still reaches the PDF reader); null for files that are neither PDFs nor images.
     */
    public static String pdfOrImageType(Path file) throws IOException {
        String detected = detect(file);
        if (detected.equals(PageSource.PDF) || detected.startsWith("image/")) return detected;
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".pdf")) return PageSource.PDF;
        if (name.endsWith(".tif") || name.endsWith(".tiff")) return PageSource.TIFF;
        if (name.endsWith(".png")) return PageSource.PNG;
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) return PageSource.JPEG;
        return null;
    }
}
