package org.chartvault.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What a benchmark ran on: cores, memory, OS, JDK, CPU, and how busy the machine already was. Other builds on the
 * same machine slow everything down, which is why every figure is also given as a ratio to a peer measured in the
 * same run.
 */
public record Machine(int cores, double memoryGiB, String os, String jdk, String cpu, String loadAverageAtStart,
                      Instant startedAt) {

    public static Machine describe() {
        long bytes = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return new Machine(Runtime.getRuntime().availableProcessors(), bytes / (1024.0 * 1024 * 1024),
                osName(), System.getProperty("java.vm.name") + " " + Runtime.version(), cpuModel(), loadAverage(),
                Instant.now());
    }

    /** The 1, 5 and 15 minute load averages, as {@code uptime} shows them. */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** This process's resident set size in bytes (VmRSS), or -1 where /proc does not say. */
    public static long rss() {
        return status("VmRSS");
    }

    /**
     * One memory line of /proc/self/status in bytes (-1 where /proc does not say): {@code VmRSS} is {@code RssAnon}
     * (the heap and native allocations: memory the process owns) plus {@code RssFile} (pages of mapped files, such
     * as the index's segments, that the kernel can drop and read again) plus {@code RssShmem}.
     */
    public static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (IOException e) {
            // fall through
        }
        return -1;
    }

    /**
     * What the JVM itself has committed outside and inside the heap (Native Memory Tracking's total), in bytes; -1
     * unless the JVM was started with {@code -XX:NativeMemoryTracking=summary}. Memory that native libraries
     * (Tesseract, Leptonica) allocate with malloc is not in it: the anonymous RSS beyond it is theirs.
     */
    public static long jvmCommitted() {
        try {
            String summary = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
            var total = java.util.regex.Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(summary);
            return total.find() ? Long.parseLong(total.group(1)) * 1024 : -1;
        } catch (javax.management.JMException | RuntimeException e) {
            return -1;
        }
    }

    public String summary() {
        return String.format(Locale.ROOT, "%d cores (%s), %.0f GiB, %s, %s; load average at start %s; %s",
                cores, cpu, memoryGiB, os, jdk, loadAverageAtStart, startedAt);
    }

    private static String osName() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) return line.substring(12).replace("\"", "");
            }
        } catch (IOException e) {
            // fall through
        }
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    private static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown CPU";
    }
}
