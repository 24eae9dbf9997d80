package io.healthmon.window;

import io.healthmon.TestSpecs;
import io.healthmon.config.EndpointSpec;
import io.healthmon.probe.Outcome;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.probe.ProbeResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.openjdk.jol.info.GraphLayout;

/**
 * Prints what one endpoint's windows hold after 30 simulated days, for a few latency profiles and
 * probe rates: sketch counts, and the heap the windows really take (JOL walks the object graph);
 * then the heap of an endpoint's last 100 results, and the window checkpoint of 1,000 endpoints
 * with such full windows: size, write and read time. Run: ./mvnw test-compile exec:exec@footprint
 */
public final class WindowFootprint {

    private static final Instant START = Instant.parse("2027-01-01T00:00:00Z");
    private static final LabelMap.Labels LABELS = EndpointStats.labels(WindowBenchmark.DEFAULT_WINDOWS);

    /** An endpoint's windows, less what every endpoint of a store shares. */
    private static long heap(EndpointStats stats) {
        return GraphLayout.parseInstance(stats).subtract(GraphLayout.parseInstance(LABELS)).totalSize();
    }

    public static void main(String[] args) throws IOException {
        int worstBuckets = WindowBenchmark.DEFAULT_WINDOWS.size() * 13 * LatencySketch.MAX_BUCKETS;
        System.out.printf("worst case per endpoint: %d buckets = %.0f KiB (%d windows x (12 slots + aggregate) x %d buckets x 4 B)%n",
                worstBuckets, worstBuckets * 4 / 1024.0, WindowBenchmark.DEFAULT_WINDOWS.size(), LatencySketch.MAX_BUCKETS);
        profile("steady 80 ms, 1 probe / 10 s", 10_000, r -> 0.08 * Math.exp(0.3 * r.nextGaussian()));
        EndpointStats steady = profile("steady 80 ms, 1 probe / 1 s", 1_000, r -> 0.08 * Math.exp(0.3 * r.nextGaussian()));
        profile("wild 1 ms..10 s, 1 probe / 1 s", 1_000, r -> Math.pow(10, -3 + 4 * r.nextDouble()));

        ProbeHistory one = history(List.of(spec(0)));
        long historyBytes = GraphLayout.parseInstance(one).totalSize();
        long windowBytes = heap(steady);
        System.out.printf("last 100 results of one endpoint: heap %.1f KiB; with the steady 1 s windows: %.1f KiB per endpoint%n",
                historyBytes / 1024.0, (historyBytes + windowBytes) / 1024.0);
        for (double spread : new double[] {0.1, 0.3, 0.6}) {
            allocated(spread);
        }
        checkpoint(steady, 1000);
    }

    /**
     * What recording one result allocates in the windows (sketch arrays started, grown and trimmed:
     * each lives seconds or more, so in a daemon each is promoted): two simulated hours at 1 s,
     * measured after two hours of warm-up, latencies around 2 ms with a log-normal {@code spread}.
     */
    private static void allocated(double spread) {
        EndpointStats stats = new EndpointStats("e", WindowBenchmark.DEFAULT_WINDOWS, LABELS, 12, List.of(), new DailyAvailability());
        Random r = new Random(1);
        int n = 4 * 3600;
        ProbeResult[] results = new ProbeResult[n];
        for (int i = 0; i < n; i++) {
            results[i] = new ProbeResult("e", START.plusSeconds(i), (long) (0.002e9 * Math.exp(spread * r.nextGaussian())),
                    Outcome.OK, 200, "", Map.of());
        }
        for (int i = 0; i < n / 2; i++) {
            stats.record(results[i]);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = n / 2; i < n; i++) {
            stats.record(results[i]);
        }
        long bytes = threads.getCurrentThreadAllocatedBytes() - before;
        System.out.printf("recording one result (log-normal spread %.1f, 1 s): %.0f bytes allocated%n", spread, bytes / (n / 2.0));
    }

    private static EndpointStats profile(String name, long everyMillis, ToDoubleFunction<Random> latency) {
        // the window labels are made once per store and shared by its endpoints: not counted here
        EndpointStats stats = new EndpointStats("e", WindowBenchmark.DEFAULT_WINDOWS, LABELS, 12, List.of("cpu"), new DailyAvailability());
        Random r = new Random(2);
        Instant t = START;
        long probes = 30L * 86_400_000 / everyMillis;
        for (long i = 0; i < probes; i++) {
            stats.record(new ProbeResult("e", t, (long) (latency.applyAsDouble(r) * 1e9), Outcome.OK, 200, "", Map.of("cpu", 12.5)));
            t = t.plusMillis(everyMillis);
        }
        int buckets = stats.allocatedBuckets();
        System.out.printf("%-32s %,10d probes: %,6d buckets = %5.1f KiB of sketch counts (%5.1f KiB as ints); windows' heap %5.1f KiB%n",
                name, probes, buckets, stats.allocatedBytes() / 1024.0, buckets * 4 / 1024.0,
                heap(stats) / 1024.0);
        return stats;
    }

    private static EndpointSpec spec(int i) {
        return TestSpecs.withHeadersAndValues(TestSpecs.endpoint(String.format("e%04d", i), "http://127.0.0.1:8080/h/" + i),
                Map.of(), Map.of("cpu", "/cpu"));
    }

    /** A history whose every endpoint holds 100 results, each with a cpu value. */
    private static ProbeHistory history(List<EndpointSpec> specs) {
        ProbeHistory h = new ProbeHistory(specs, START, null);
        Random r = new Random(5);
        for (EndpointSpec s : specs) {
            for (int i = 0; i < 100; i++) {
                h.record(new ProbeResult(s.name(), START.plusSeconds(i), 80_000_000L + r.nextInt(20_000_000), Outcome.OK, 200,
                        "HTTP 200", Map.of("cpu", 10.0 + r.nextInt(50)), 1));
            }
        }
        return h;
    }

    /** {@code n} endpoints whose windows hold what {@code full} holds: the checkpoint's size, write and read. */
    private static void checkpoint(EndpointStats full, int n) throws IOException {
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        full.writeTo(new DataOutputStream(one));
        List<EndpointSpec> specs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            specs.add(spec(i));
        }
        Instant end = START.plusSeconds(30L * 86_400);
        Clock clock = Clock.fixed(end, ZoneOffset.UTC);
        StatsStore stats = new StatsStore(specs, WindowBenchmark.DEFAULT_WINDOWS, 12, clock, null);
        for (EndpointSpec s : specs) {
            stats.restore(s.name(), new DataInputStream(new ByteArrayInputStream(one.toByteArray())), end, end);
        }
        ProbeHistory history = history(specs);
        Path dir = Files.createTempDirectory("healthmon-footprint");
        Path file = dir.resolve(Checkpoint.FILE);
        try {
            long[] millis = new long[7];
            long size = 0;
            for (int i = 0; i < millis.length; i++) {
                long t0 = System.nanoTime();
                size = Checkpoint.write(file, end, specs, history, stats);
                millis[i] = (System.nanoTime() - t0) / 1_000_000;
            }
            Arrays.sort(millis);
            long t0 = System.nanoTime();
            Checkpoint.Saved saved = Checkpoint.load(file, end, System.out::println).orElseThrow();
            ProbeHistory h2 = new ProbeHistory(specs, end, null);
            StatsStore s2 = new StatsStore(specs, WindowBenchmark.DEFAULT_WINDOWS, 12, clock, null);
            Checkpoint.Restored restored = Checkpoint.apply(saved, specs, h2, s2, end, System.out::println);
            long readMillis = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("window checkpoint of %,d endpoints with 30 full days: %,d bytes (%.1f KiB each), write (fsync"
                    + " included) median %d ms, max %d ms of %d; read and restore %d ms (%d endpoints)%n", n, size,
                    size / 1024.0 / n, millis[millis.length / 2], millis[millis.length - 1], millis.length, readMillis,
                    restored.endpoints());
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
