package org.chartvault.testing;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The plain {@code tesseract} command, as a user would run it on a page (English, one OpenMP thread, no
 * preprocessing): the peer ChartVault's OCR is compared with, and an independent reader of what ChartVault hands out.
 */
public final class TesseractCommand {
    private static final long LIMIT_MINUTES = 2;

    private TesseractCommand() {
    }

    /** The text the command reads from the image file; {@code options} are added to its arguments (e.g. "--psm", "1"). */
    public static String read(Path image, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tesseract", image.toString(), "stdout", "-l", "eng"));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("OMP_THREAD_LIMIT", "1");
        Process process = builder.start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("tesseract did not finish within " + LIMIT_MINUTES + " minutes");
        }
        if (process.exitValue() != 0) throw new IllegalStateException("tesseract exited with " + process.exitValue());
        return text;
    }

    /** The same for a page in memory, written to a temporary PNG that is deleted afterwards. */
    public static String read(BufferedImage page, String... options) throws IOException, InterruptedException {
        Path image = Files.createTempFile("tesseract-", ".png");
        try {
            ImageIO.write(page, "png", image.toFile());
            return read(image, options);
        } finally {
            Files.deleteIfExists(image);
        }
    }

    /** The same for encoded image bytes (a PNG or TIFF file as uploaded). */
    public static String read(byte[] file, String... options) throws IOException, InterruptedException {
        Path image = Files.createTempFile("tesseract-", ".img");
        try {
            Files.write(image, file);
            return read(image, options);
        } finally {
            Files.deleteIfExists(image);
        }
    }
}
