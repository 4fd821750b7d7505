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
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (IOException e) {
            // fall through
        }
        return -1;
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
