package org.chartvault.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operational log as the shipped {@code logback.xml} writes it. */
class OperationalLogTest {
    /** What an attacker would append to a hold name: a record of its own, as the log prints them. */
    private static final String FORGED = "2031-01-01 09:00:00.000 INFO  [main] o.c.audit.AuditLog - audit trail verified, 0 entries changed";

    @Test
    void holdNameWithLineBreaksCannotForgeALogLine() throws Exception {
        String holdName = "Doe v. County General\r\n" + FORGED;
        List<String> lines = throughShippedConfiguration(log -> {
            log.info("Legal hold {} ('{}') placed by {}: {} document(s) held", "hold_7k2q", holdName, "lena", 3);
            log.warn("Legal hold {} could not be exported", "hold_7k2q",
                    new IllegalStateException("no documents for '" + holdName + "'", new IOException("reason\u2028" + FORGED)));
        });

        assertTrue(lines.stream().noneMatch(line -> line.startsWith("2031-01-01")), String.join("\n", lines));
        assertEquals(1, lines.stream().filter(line -> line.contains("placed by lena")).count());
        String record = lines.stream().filter(line -> line.contains("placed by lena")).findFirst().orElseThrow();
        assertTrue(record.contains("Doe v. County General\\r\\n2031-01-01"), "the attempt stays visible: " + record);
        // a stack trace is still one frame a line, its messages escaped
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("\tat org.chartvault.logging.OperationalLogTest")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("Caused by: java.io.IOException: reason\\u20282031-01-01")),
                String.join("\n", lines));
    }

    @Test
    void terminalEscapesAndInvisibleLineBreaksAreWrittenOut() {
        assertEquals("red \\u001b[31mtext\\u001b[0m", LogText.oneLine("red \u001b[31mtext\u001b[0m"));
        assertEquals("a\\u0085b\\u2029c", LogText.oneLine("a\u0085b\u2029c"));
        assertEquals("file \\u202etxt.exe", LogText.oneLine("file \u202etxt.exe"));
        String plain = "Müller, José: C:\\scans\\a.pdf";
        assertSame(plain, LogText.oneLine(plain), "text without control characters is passed through as it is");
    }

    /** Configures a fresh logback from the {@code logback.xml} the service ships and returns the console's lines. */
    private static List<String> throughShippedConfiguration(Consumer<org.slf4j.Logger> logging) throws Exception {
        URL shipped = OperationalLogTest.class.getResource("/logback.xml");
        assertNotNull(shipped, "logback.xml is on the classpath");
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // as logback's own service provider does for the global context
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(shipped);
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            @SuppressWarnings("unchecked")
            OutputStreamAppender<ILoggingEvent> console = (OutputStreamAppender<ILoggingEvent>) root.getAppender("CONSOLE");
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            console.setOutputStream(written);
            logging.accept(context.getLogger("org.chartvault.hold.HoldService"));
            return written.toString(StandardCharsets.UTF_8).lines().toList();
        } finally {
            context.stop();
        }
    }
}
