package io.healthmon.window;

import io.healthmon.probe.Outcome;
import io.healthmon.probe.ProbeResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Prints what one endpoint's windows hold after 30 simulated days, for a few latency profiles and
 * probe rates, against the worst-case bound. Run: ./mvnw test-compile exec:exec@footprint
 */
public final class WindowFootprint {

    public static void main(String[] args) {
        int worstBuckets = WindowBenchmark.DEFAULT_WINDOWS.size() * 13 * LatencySketch.MAX_BUCKETS;
        System.out.printf("worst case per endpoint: %d buckets = %.0f KiB (%d windows x (12 slots + aggregate) x %d buckets x 4 B)%n",
                worstBuckets, worstBuckets * 4 / 1024.0, WindowBenchmark.DEFAULT_WINDOWS.size(), LatencySketch.MAX_BUCKETS);
        profile("steady 80 ms, 1 probe / 10 s", 10_000, r -> 0.08 * Math.exp(0.3 * r.nextGaussian()));
        profile("steady 80 ms, 1 probe / 1 s", 1_000, r -> 0.08 * Math.exp(0.3 * r.nextGaussian()));
        profile("wild 1 ms..10 s, 1 probe / 1 s", 1_000, r -> Math.pow(10, -3 + 4 * r.nextDouble()));
    }

    private static void profile(String name, long everyMillis, java.util.function.ToDoubleFunction<Random> latency) {
        EndpointStats stats = new EndpointStats("e", WindowBenchmark.DEFAULT_WINDOWS, 12, List.of());
        Random r = new Random(2);
        Instant t = Instant.parse("2027-01-01T00:00:00Z");
        long probes = 30L * 86_400_000 / everyMillis;
        for (long i = 0; i < probes; i++) {
            stats.record(new ProbeResult("e", t, (long) (latency.applyAsDouble(r) * 1e9), Outcome.OK, 200, "", Map.of()));
            t = t.plusMillis(everyMillis);
        }
        int buckets = stats.allocatedBuckets();
        System.out.printf("%-34s %,12d probes -> %,6d buckets = %6.1f KiB of sketch counts (%.1f KiB as ints)%n", name, probes,
                buckets, stats.allocatedBytes() / 1024.0, buckets * 4 / 1024.0);
    }
}
