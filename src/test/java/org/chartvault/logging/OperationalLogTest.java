package org.chartvault.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.Patient;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operational log as the shipped {@code logback.xml} writes it, and what the service puts in it: operators
 * and their log collectors see identifiers and counts, never a patient; who did what to whom is the audit trail's.
 */
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

    @Test
    void infoLogCarriesNoPatientDataOrScannedText(@TempDir Path dir) throws Exception {
        ChartGenerator generator = new ChartGenerator(ChartPage.Typeface.DEFAULT);
        Patient patient = generator.patient(71);
        ChartDocument chart = generator.document(patient, 71, "DISCHARGE SUMMARY", 1);
        ChartPage page = chart.pages().get(0);
        // scanning stations name files after the patient
        String fileName = patient.lastName() + "_" + patient.firstName() + "_" + patient.mrn() + ".png";
        // the registry has another birth date, so the document's review reasons quote both
        String registryBirth = patient.birthDate().plusYears(1).format(DateTimeFormatter.BASIC_ISO_DATE);

        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        captured.start();
        root.addAppender(captured);
        // what ChartVault writes at INFO is the question, whatever an earlier test in this JVM left the levels at
        // (S3Mock's Spring Boot reconfigures logging when it starts)
        Logger chartvault = (Logger) LoggerFactory.getLogger("org.chartvault");
        Level levelBefore = chartvault.getLevel();
        chartvault.setLevel(Level.INFO);
        String documentId;
        try (RunningChartVault vault = RunningChartVault.start(dir.resolve("data"))) {
            RunningChartVault.Client admin = vault.admin();
            RunningChartVault.Response registered = admin.send("POST", "/api/hl7/adt", "x-application/hl7-v2+er7", String.join("\r",
                    "MSH|^~\\&|REG|NORTHGATE|CHARTVAULT|HIM|20240105120000||ADT^A04^ADT_A01|MSG7001|P|2.5.1",
                    "EVN|A04|20240105120000",
                    "PID|1||" + patient.mrn() + "^^^NORTHGATE^MR||" + patient.lastName().toUpperCase(Locale.ROOT) + "^"
                            + patient.firstName().toUpperCase(Locale.ROOT) + "||" + registryBirth + "|F",
                    "PV1|1|O").getBytes(StandardCharsets.UTF_8));
            assertTrue(registered.text().contains("MSA|AA"), registered.text());

            // no indexing values given: the MRN, name and birth date are read off the scan
            RunningChartVault.Response uploaded = admin.upload(Map.of(), new RunningChartVault.Part(fileName, ChartFiles.png(page.scan(300))));
            assertEquals(202, uploaded.status(), uploaded.toString());
            JsonNode batch = admin.awaitBatch(uploaded.json().get("batchId").asText(), Duration.ofMinutes(3));
            documentId = batch.get("documents").get(0).get("documentId").asText();
            JsonNode document = admin.get("/api/documents/" + documentId).json();
            assertEquals(patient.mrn(), document.get("mrn").asText(), "the scan was read, so its values went through the pipeline: " + document);

            String holdName = patient.printedName() + " v. County General";
            RunningChartVault.Response hold = admin.post("/api/holds", Map.of("name", holdName, "matter", "MRN " + patient.mrn(),
                    "mrns", List.of(patient.mrn())));
            assertEquals(201, hold.status(), hold.toString());
            assertEquals(200, admin.post("/api/holds/" + hold.json().get("holdId").asText() + "/release",
                    Map.of("reason", "Settled with " + holdName)).status());
            RunningChartVault.Response release = admin.post("/api/releases", Map.of("mrn", patient.mrn(),
                    "requester", "Counsel for " + holdName, "purpose", "Litigation", "items", List.of(Map.of("documentId", documentId))));
            assertEquals(201, release.status(), release.toString());
            // the worker logs a document's outcome just after it marks it done: wait for that line, not on the clock
            String id = documentId;
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < until && logged(captured).stream().noneMatch(e -> e.getFormattedMessage().contains(id))) {
                Thread.sleep(50);
            }
        } finally {
            root.detachAppender(captured);
            chartvault.setLevel(levelBefore);
        }

        List<ILoggingEvent> operational = captured.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO)).toList();
        assertTrue(operational.stream().anyMatch(e -> e.getFormattedMessage().contains(documentId)),
                "the log does follow the document, by its id");
        Set<String> patientData = new LinkedHashSet<>(List.of(patient.mrn(), patient.lastName(), patient.firstName(), fileName,
                patient.birthDate().toString(), patient.birthDate().format(DateTimeFormatter.BASIC_ISO_DATE),
                patient.birthDate().format(DateTimeFormatter.ofPattern("MM/dd/yyyy")), registryBirth));
        patientData.addAll(scannedWords(page, operational));
        List<String> leaks = new ArrayList<>();
        for (ILoggingEvent event : operational) {
            String written = event.getFormattedMessage() + throwableMessages(event.getThrowableProxy());
            for (String value : patientData) {
                if (Pattern.compile("\\b" + Pattern.quote(value) + "\\b", Pattern.CASE_INSENSITIVE).matcher(written).find()) {
                    leaks.add(event.getLevel() + " " + event.getLoggerName() + ": '" + value + "' in " + written);
                }
            }
        }
        assertTrue(leaks.isEmpty(), String.join("\n", leaks));
    }

    /**
     * Words of the page long enough to be its own (names, diagnoses, medicines), leaving out words of the log's
     * message templates: those are the code's words, not the scan's.
     */
    private static Set<String> scannedWords(ChartPage page, List<ILoggingEvent> events) {
        String templates = String.join(" ", events.stream().map(ILoggingEvent::getMessage).toList()).toLowerCase(Locale.ROOT);
        Set<String> words = new LinkedHashSet<>();
        for (String word : page.words()) {
            String letters = word.replaceAll("[^A-Za-z]", "");
            if (letters.length() >= 6 && !templates.contains(letters.toLowerCase(Locale.ROOT))) words.add(letters);
        }
        assertTrue(words.size() > 20, "the page has words of its own: " + words);
        return words;
    }

    private static String throwableMessages(IThrowableProxy proxy) {
        StringBuilder messages = new StringBuilder();
        for (IThrowableProxy p = proxy; p != null; p = p.getCause()) messages.append(' ').append(p.getMessage());
        return messages.toString();
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

    /** What the appender caught so far (it appends under its own lock, so read under it too). */
    private static List<ILoggingEvent> logged(ListAppender<ILoggingEvent> appender) {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }
}
