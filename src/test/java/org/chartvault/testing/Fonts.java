package org.chartvault.testing;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The faces the page generators draw with, loaded from font files the repository carries (DejaVu, under
 * {@code src/test/resources/fonts} with its licence) rather than Java's logical fonts, which fontconfig maps to
 * whatever the machine has installed: a generated page looks and reads the same on every machine.
 */
public final class Fonts {
    private static final Map<String, String> FILES = Map.of(
            "Serif", "DejaVuSerif", "SansSerif", "DejaVuSans", "Monospaced", "DejaVuSansMono");
    private static final Map<String, Font> LOADED = new ConcurrentHashMap<>();

    private Fonts() {
    }

    /** {@code family} (Serif, SansSerif or Monospaced), plain or bold, at {@code size} points. */
    public static Font font(String family, boolean bold, float size) {
        String file = FILES.get(family);
        if (file == null) throw new IllegalArgumentException("no font file for the family " + family + "; one of " + FILES.keySet());
        return LOADED.computeIfAbsent(file + (bold ? "-Bold" : ""), Fonts::load).deriveFont(size);
    }

    private static Font load(String name) {
        String resource = "/fonts/" + name + ".ttf";
        try (InputStream in = Fonts.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is missing from the test classpath");
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FontFormatException e) {
            throw new IllegalStateException(resource + " is not a TrueType font", e);
        }
    }
}
