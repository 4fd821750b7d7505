package org.chartvault.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Hostile and broken files made on the spot, byte by byte where a library would refuse to write them: cut-off
 * files, empty ones, headers declaring 10^10 pixels, PDFs whose page count lies or whose streams inflate to
 * hundreds of megabytes, objects nested thousands deep, ZIP bombs, zip-slip paths and files named as something
 * they are not. Each is small (at most a few megabytes) however large it claims or inflates to.
 */
public final class HostileFiles {
    private HostileFiles() {
    }

    /** What ChartVault may do with a file and still be right. */
    public enum Expect {
        /** Refused at upload, or kept and failed, each with a reason; never processed as if it were fine. */
        REFUSED_OR_FAILED,
        /** Refused at upload with a reason. */
        REFUSED,
        /** Damaged but maybe partly readable: refused, failed with a reason, or kept with what could be read. */
        SETTLES,
        /** A good file under a misleading name: recognised by its bytes and processed. */
        PROCESSED
    }

    /** One generated file, named as an uploader would name it. */
    public record Hostile(String fileName, byte[] bytes, Expect expect, String what) {
        @Override
        public String toString() {
            return fileName + " (" + what + ", " + bytes.length + " bytes)";
        }
    }

    /** Every hostile file; {@code goodPdf}, {@code goodPng} and {@code goodTiff} are readable scans to break. */
    public static List<Hostile> all(byte[] goodPdf, byte[] goodPng, byte[] goodTiff, byte[] goodJpeg) {
        List<Hostile> files = new ArrayList<>();
        files.add(new Hostile("cut-off.pdf", cut(goodPdf, 0.6), Expect.SETTLES, "a PDF cut off at 60%"));
        files.add(new Hostile("cut-off.tif", cut(goodTiff, 0.5), Expect.SETTLES, "a TIFF cut off at 50%"));
        files.add(new Hostile("cut-off.png", cut(goodPng, 0.5), Expect.SETTLES, "a PNG cut off at 50%"));
        files.add(new Hostile("cut-off.jpg", cut(goodJpeg, 0.5), Expect.SETTLES, "a JPEG cut off at 50%"));
        files.add(new Hostile("header-only.pdf", Arrays.copyOf(goodPdf, 9), Expect.REFUSED_OR_FAILED, "%PDF-1.x and nothing else"));
        for (String name : List.of("zero.pdf", "zero.tif", "zero.png", "zero.jpg", "zero.zip")) {
            files.add(new Hostile(name, new byte[0], Expect.REFUSED, "zero bytes"));
        }

        files.add(new Hostile("count-lies.pdf", countLies(), Expect.SETTLES, "one page, /Count 2147483647"));
        files.add(new Hostile("2500-pages.pdf", manyPages(2500), Expect.REFUSED, "2500 real (empty) pages"));
        files.add(new Hostile("deep-page-tree.pdf", deepPageTree(3000), Expect.SETTLES, "one page under 3000 nested /Pages nodes"));
        files.add(new Hostile("nested-dictionaries.pdf", nestedDictionaries(50_000), Expect.REFUSED_OR_FAILED,
                "a page dictionary nested 50000 deep"));
        files.add(new Hostile("nested-arrays.pdf", nestedArraysInContent(200_000), Expect.REFUSED_OR_FAILED,
                "a content stream of arrays nested 200000 deep"));
        files.add(new Hostile("content-bomb.pdf", contentBomb(256), Expect.REFUSED_OR_FAILED,
                "a content stream inflating to 256 MiB"));
        // only the bytes the declared size needs are ever decoded, so the flat gray page may be processed
        files.add(new Hostile("image-data-bomb.pdf", imageDataBomb(512), Expect.SETTLES,
                "a 1000x1000 image whose data inflates to 512 MiB"));
        files.add(new Hostile("pdf-image-100000x100000.pdf", pdfWithImage(100_000, 100_000), Expect.REFUSED_OR_FAILED,
                "a page image declaring 100000x100000 pixels"));
        files.add(new Hostile("pdf-jpeg-lies.pdf", pdfWithLyingJpeg(), Expect.REFUSED_OR_FAILED,
                "a 100x100 image whose JPEG data declares 65000x65000"));

        files.add(new Hostile("png-100000x100000.png", png(100_000, 100_000), Expect.REFUSED, "PNG header, 10^10 pixels"));
        files.add(new Hostile("tiff-100000x100000.tif", tiff(100_000, 100_000, false), Expect.REFUSED, "TIFF header, 10^10 pixels"));
        // JPEG sizes are 16-bit, and libjpeg refuses more than 65500 pixels a side outright
        files.add(new Hostile("jpeg-65000x65000.jpg", jpeg(65_000, 65_000), Expect.REFUSED, "JPEG header, 4.2*10^9 pixels"));
        files.add(new Hostile("tiff-ifd-loop.tif", tiff(100, 100, true), Expect.REFUSED_OR_FAILED, "a TIFF whose page chain loops"));

        files.add(new Hostile("zip-bomb-flat.zip", zipOfZeros(1, 600), Expect.REFUSED, "one entry inflating to 600 MiB"));
        files.add(new Hostile("zip-bomb-many.zip", zipOfZeros(300, 2), Expect.REFUSED, "300 entries of 2 MiB of zeros"));
        files.add(new Hostile("zip-bomb-nested.zip", zip(List.of(new Entry("inner.zip", zipOfZeros(1, 300)))),
                Expect.REFUSED, "a ZIP bomb inside a ZIP"));
        files.add(new Hostile("zip-6000-entries.zip", zipOfTinyEntries(6000), Expect.REFUSED, "6000 entries"));
        for (String path : List.of("/etc/cron.d/evil.pdf", "..\\..\\evil.pdf", "C:\\Windows\\evil.pdf", "D:/evil.pdf",
                "scans/../../evil.pdf")) {
            files.add(new Hostile("slip-" + path.replaceAll("[^A-Za-z]", "") + ".zip",
                    zip(List.of(new Entry("fine.pdf", goodPdf), new Entry(path, goodPdf))), Expect.REFUSED,
                    "a ZIP entry named " + path));
        }

        files.add(new Hostile("really-a-png.pdf", goodPng, Expect.PROCESSED, "a PNG named .pdf"));
        files.add(new Hostile("really-a-pdf.tif", goodPdf, Expect.PROCESSED, "a PDF named .tif"));
        files.add(new Hostile("notes.jpg", "Patient notes, typed in a text editor.\n".getBytes(StandardCharsets.US_ASCII),
                Expect.REFUSED, "text named .jpg"));
        files.add(new Hostile("setup.pdf", windowsProgram(), Expect.REFUSED, "a Windows program named .pdf"));
        files.add(new Hostile("page.png", "<html><body>not an image</body></html>".getBytes(StandardCharsets.US_ASCII),
                Expect.REFUSED, "HTML named .png"));
        return files;
    }

    private static byte[] cut(byte[] file, double share) {
        return Arrays.copyOf(file, (int) (file.length * share));
    }

    // ---- PDFs written object by object ----

    /** A PDF built from numbered object bodies, with a correct cross-reference table. */
    static final class RawPdf {
        private final List<byte[]> objects = new ArrayList<>();

        /** Adds an object and returns its number. */
        int add(String body) {
            return add(body.getBytes(StandardCharsets.ISO_8859_1));
        }

        int add(byte[] body) {
            objects.add(body);
            return objects.size();
        }

        /** Adds a stream object with the given dictionary entries (without /Length) and data. */
        int stream(String dictionary, byte[] data) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(("<< " + dictionary + " /Length " + data.length + " >>\nstream\n").getBytes(StandardCharsets.ISO_8859_1));
            body.writeBytes(data);
            body.writeBytes("\nendstream".getBytes(StandardCharsets.ISO_8859_1));
            return add(body.toByteArray());
        }

        /** Sets the body of an object added earlier (for objects that refer to ones made after them). */
        void set(int number, String body) {
            objects.set(number - 1, body.getBytes(StandardCharsets.ISO_8859_1));
        }

        byte[] bytes(int root) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(StandardCharsets.ISO_8859_1));
            long[] offsets = new long[objects.size()];
            for (int i = 0; i < objects.size(); i++) {
                offsets[i] = out.size();
                out.writeBytes(((i + 1) + " 0 obj\n").getBytes(StandardCharsets.ISO_8859_1));
                out.writeBytes(objects.get(i));
                out.writeBytes("\nendobj\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            long xref = out.size();
            StringBuilder table = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
            for (long offset : offsets) table.append(String.format("%010d 00000 n \n", offset));
            table.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root ").append(root)
                    .append(" 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
            out.writeBytes(table.toString().getBytes(StandardCharsets.ISO_8859_1));
            return out.toByteArray();
        }
    }

    private static final String LETTER = "/MediaBox [0 0 612 792]";
    private static final String TEXT = "BT /F1 14 Tf 72 700 Td (Discharge summary for a hostile test document) Tj ET";

    /** One readable page whose page tree claims two billion pages. */
    static byte[] countLies() {
        RawPdf pdf = new RawPdf();
        int catalog = pdf.add("");
        int pages = pdf.add("");
        int font = pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        int content = pdf.stream("", TEXT.getBytes(StandardCharsets.ISO_8859_1));
        int page = pdf.add("<< /Type /Page /Parent " + pages + " 0 R " + LETTER + " /Contents " + content
                + " 0 R /Resources << /Font << /F1 " + font + " 0 R >> >> >>");
        pdf.set(catalog, "<< /Type /Catalog /Pages " + pages + " 0 R >>");
        pdf.set(pages, "<< /Type /Pages /Kids [" + page + " 0 R] /Count 2147483647 >>");
        return pdf.bytes(catalog);
    }

    /** {@code count} real, empty pages. */
    static byte[] manyPages(int count) {
        RawPdf pdf = new RawPdf();
        int catalog = pdf.add("");
        int pages = pdf.add("");
        StringBuilder kids = new StringBuilder();
        for (int i = 0; i < count; i++) {
            kids.append(pdf.add("<< /Type /Page /Parent " + pages + " 0 R " + LETTER + " >>")).append(" 0 R ");
        }
        pdf.set(catalog, "<< /Type /Catalog /Pages " + pages + " 0 R >>");
        pdf.set(pages, "<< /Type /Pages /Kids [" + kids + "] /Count " + count + " >>");
        return pdf.bytes(catalog);
    }

    /** One page at the bottom of {@code depth} nested page-tree nodes. */
    static byte[] deepPageTree(int depth) {
        RawPdf pdf = new RawPdf();
        int catalog = pdf.add("");
        int font = pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        int content = pdf.stream("", TEXT.getBytes(StandardCharsets.ISO_8859_1));
        int[] nodes = new int[depth];
        for (int i = 0; i < depth; i++) nodes[i] = pdf.add("");
        int page = pdf.add("<< /Type /Page /Parent " + nodes[depth - 1] + " 0 R " + LETTER + " /Contents " + content
                + " 0 R /Resources << /Font << /F1 " + font + " 0 R >> >> >>");
        for (int i = 0; i < depth; i++) {
            String parent = i == 0 ? "" : " /Parent " + nodes[i - 1] + " 0 R";
            String kid = i == depth - 1 ? page + " 0 R" : nodes[i + 1] + " 0 R";
            pdf.set(nodes[i], "<< /Type /Pages" + parent + " /Kids [" + kid + "] /Count 1 >>");
        }
        pdf.set(catalog, "<< /Type /Catalog /Pages " + nodes[0] + " 0 R >>");
        return pdf.bytes(catalog);
    }

    /** A page whose dictionary holds a dictionary nested {@code depth} deep. */
    static byte[] nestedDictionaries(int depth) {
        RawPdf pdf = new RawPdf();
        int catalog = pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
        String nested = "<< /A ".repeat(depth) + "1" + " >>".repeat(depth);
        pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        pdf.add("<< /Type /Page /Parent 2 0 R " + LETTER + " /Deep " + nested + " >>");
        return pdf.bytes(catalog);
    }

    /** A page whose content stream is arrays nested {@code depth} deep. */
    static byte[] nestedArraysInContent(int depth) {
        RawPdf pdf = new RawPdf();
        int catalog = pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
        pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        pdf.add("<< /Type /Page /Parent 2 0 R " + LETTER + " /Contents 4 0 R >>");
        pdf.stream("/Filter /FlateDecode", deflate(("[".repeat(depth) + "]".repeat(depth) + " pop").getBytes(StandardCharsets.US_ASCII)));
        return pdf.bytes(catalog);
    }

    /** A page whose content stream inflates to {@code mebibytes} of blanks. */
    static byte[] contentBomb(int mebibytes) {
        RawPdf pdf = new RawPdf();
        int catalog = pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
        pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        pdf.add("<< /Type /Page /Parent 2 0 R " + LETTER + " /Contents 4 0 R >>");
        pdf.stream("/Filter /FlateDecode", deflateRepeated((byte) ' ', mebibytes));
        return pdf.bytes(catalog);
    }

    /** A full-page 1000x1000 gray image whose data inflates to {@code mebibytes}. */
    static byte[] imageDataBomb(int mebibytes) {
        return pdfWithImage(1000, 1000, deflateRepeated((byte) 0x80, mebibytes));
    }

    static byte[] pdfWithImage(int width, int height) {
        return pdfWithImage(width, height, deflate(new byte[64]));
    }

    private static byte[] pdfWithImage(int width, int height, byte[] flateData) {
        return pdfWithImageStream("/Type /XObject /Subtype /Image /Width " + width + " /Height " + height
                + " /BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /FlateDecode", flateData);
    }

    /** A 100x100 image in the PDF's words, whose JPEG data says 65000x65000. */
    static byte[] pdfWithLyingJpeg() {
        return pdfWithImageStream("/Type /XObject /Subtype /Image /Width 100 /Height 100 /BitsPerComponent 8"
                + " /ColorSpace /DeviceGray /Filter /DCTDecode", jpeg(65_000, 65_000));
    }

    private static byte[] pdfWithImageStream(String imageDictionary, byte[] data) {
        RawPdf pdf = new RawPdf();
        int catalog = pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
        pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        pdf.add("<< /Type /Page /Parent 2 0 R " + LETTER + " /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>");
        pdf.stream("", "q 612 0 0 792 0 0 cm /Im1 Do Q".getBytes(StandardCharsets.US_ASCII));
        pdf.stream(imageDictionary, data);
        return pdf.bytes(catalog);
    }

    // ---- image headers ----

    /** A PNG declaring {@code width} x {@code height} 8-bit gray pixels, with a token of image data. */
    static byte[] png(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        pngChunk(out, "IHDR", header.array());
        pngChunk(out, "IDAT", deflate(new byte[1024]));
        pngChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void pngChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A little-endian bitonal TIFF declaring {@code width} x {@code height}; {@code loop}: its IFD names itself next. */
    static byte[] tiff(int width, int height, boolean loop) {
        int[][] fields = {
                {256, 4, width},       // ImageWidth, LONG
                {257, 4, height},      // ImageLength
                {258, 3, 1},           // BitsPerSample
                {259, 3, 1},           // Compression: none
                {262, 3, 0},           // PhotometricInterpretation: white is zero
                {273, 4, 0},           // StripOffsets (set below)
                {277, 3, 1},           // SamplesPerPixel
                {278, 4, height},      // RowsPerStrip
                {279, 4, 64},          // StripByteCounts
        };
        int ifdOffset = 8;
        int ifdSize = 2 + fields.length * 12 + 4;
        int dataOffset = ifdOffset + ifdSize;
        fields[5][2] = dataOffset;
        ByteBuffer b = ByteBuffer.allocate(dataOffset + 64).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifdOffset);
        b.putShort((short) fields.length);
        for (int[] f : fields) {
            b.putShort((short) f[0]).putShort((short) f[1]).putInt(1);
            if (f[1] == 3) b.putShort((short) f[2]).putShort((short) 0);
            else b.putInt(f[2]);
        }
        b.putInt(loop ? ifdOffset : 0);
        return b.array();
    }

    /** A baseline JPEG header declaring {@code width} x {@code height} gray pixels, with no real scan data. */
    static byte[] jpeg(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xD8});
        // JFIF: version 1.1, 300 x 300 dots per inch, no thumbnail
        out.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 1, 0x01, 0x2C, 0x01, 0x2C, 0, 0});
        byte[] table = new byte[64];
        Arrays.fill(table, (byte) 1);
        out.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xDB, 0, 67, 0});
        out.writeBytes(table);
        out.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xC0, 0, 11, 8, (byte) (height >> 8), (byte) height,
                (byte) (width >> 8), (byte) width, 1, 1, 0x11, 0});
        // Huffman tables (the standard DC table, an AC table holding only end-of-block) and the scan header, so
        // that the header is complete and only its size is wrong
        out.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xC4, 0, 31, 0x00, 0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0,
                0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        out.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xC4, 0, 20, 0x10, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        out.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0x00, 0, 63, 0});
        out.writeBytes(new byte[]{0x00, 0x00, 0x00, 0x00});
        out.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xD9});
        return out.toByteArray();
    }

    private static byte[] windowsProgram() {
        byte[] program = new byte[512];
        program[0] = 'M';
        program[1] = 'Z';
        byte[] message = "This program cannot be run in DOS mode.".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(message, 0, program, 78, message.length);
        return program;
    }

    // ---- ZIPs ----

    /** A file inside a ZIP. */
    record Entry(String name, byte[] bytes) {
    }

    static byte[] zip(List<Entry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Entry entry : entries) {
                zip.putNextEntry(new ZipEntry(entry.name()));
                zip.write(entry.bytes());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code entries} entries of {@code mebibytes} of zeros each, deflated as hard as possible. */
    static byte[] zipOfZeros(int entries, int mebibytes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] zeros = new byte[1024 * 1024];
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            for (int i = 0; i < entries; i++) {
                zip.putNextEntry(new ZipEntry("scan-" + i + ".pdf"));
                for (int m = 0; m < mebibytes; m++) zip.write(zeros);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] zipOfTinyEntries(int entries) {
        List<Entry> all = new ArrayList<>();
        for (int i = 0; i < entries; i++) all.add(new Entry("page-" + i + ".pdf", "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII)));
        return zip(all);
    }

    // ---- compression ----

    static byte[] deflate(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflating = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION))) {
            deflating.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** zlib data that inflates to {@code mebibytes} MiB of {@code value}. */
    static byte[] deflateRepeated(byte value, int mebibytes) {
        byte[] chunk = new byte[1024 * 1024];
        Arrays.fill(chunk, value);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflating = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION))) {
            for (int i = 0; i < mebibytes; i++) deflating.write(chunk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
