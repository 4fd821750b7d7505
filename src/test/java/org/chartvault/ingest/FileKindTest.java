package org.chartvault.ingest;

import org.chartvault.testing.Corpus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FileKindTest {

    @ParameterizedTest(name = "{0} is recognised as {1}")
    @CsvSource({
            "scans/s01-history.png, PNG",
            "scans/ocrmypdf-congress.jpg, JPEG",
            "scans/pdfbox-ccittg4multi.tif, TIFF",
            "scans/ocrmypdf-skew.pdf, PDF",
            "hostile/zip-bomb.zip, ZIP",
            "hostile/not-a-tiff.tif, NONE",
            "hostile/empty.pdf, NONE",
            "malformed/qpdf-bad1.pdf, NONE",
            "malformed/pillow-decompression_bomb.gif, NONE",
            "malformed/pillow-invalid_header_length.jp2, NONE",
            "hostile/snyk-zip-slip.tar, NONE",
    })
    void kindIsRecognisedByContentNotByName(String file, String expected) throws IOException {
        byte[] head = new byte[FileKind.SNIFF_BYTES];
        int length;
        try (InputStream in = Files.newInputStream(Corpus.file(file))) {
            length = in.readNBytes(head, 0, head.length);
        }
        Optional<FileKind> kind = FileKind.sniff(head, length);
        assertEquals(expected, kind.map(Enum::name).orElse("NONE"));
    }
}
