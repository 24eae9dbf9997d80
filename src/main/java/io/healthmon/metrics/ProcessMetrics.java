package io.healthmon.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import com.sun.management.OperatingSystemMXBean;
import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process metrics every Prometheus client library exports, under their standard names
 * ({@code process_cpu_seconds_total}, {@code process_resident_memory_bytes}, ...), in place of
 * Micrometer's system binder, whose help texts and names {@code promtool check metrics} refuses
 * (quotes in a HELP line, {@code _count} on a gauge, CPU time in nanoseconds).
 */
public final class ProcessMetrics {

    /** /proc/self/statm's second field counts pages of this size (4 KiB on the platforms we ship for). */
    private static final long PAGE_BYTES = 4096;

    private ProcessMetrics() {
    }

    public static void register(MeterRegistry registry) {
        Object os = ManagementFactory.getOperatingSystemMXBean();
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        if (os instanceof OperatingSystemMXBean sun) {
            FunctionCounter.builder("process.cpu", sun, b -> b.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time this process used, user and system").register(registry);
        }
        if (os instanceof UnixOperatingSystemMXBean unix) {
            Gauge.builder("process.open.fds", unix, UnixOperatingSystemMXBean::getOpenFileDescriptorCount)
                    .description("Open file descriptors").register(registry);
            Gauge.builder("process.max.fds", unix, UnixOperatingSystemMXBean::getMaxFileDescriptorCount)
                    .description("The most file descriptors this process may open").register(registry);
        }
        Gauge.builder("process.start.time", runtime, r -> r.getStartTime() / 1000.0).baseUnit("seconds")
                .description("When this process started, in seconds since the epoch").register(registry);
        Gauge.builder("process.resident.memory", ProcessMetrics::residentBytes).baseUnit("bytes")
                .description("Resident set size of this process (NaN where /proc is not there)").register(registry);
    }

    private static double residentBytes() {
        try {
            String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
            return Long.parseLong(statm[1]) * (double) PAGE_BYTES;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
