package io.healthmon.window;

import io.healthmon.probe.Outcome;
import io.healthmon.probe.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one endpoint's windows (the default eight, 12 slots each, one body value): recording
 * a probe result, and reading a full snapshot. Run: ./mvnw test-compile exec:exec@jmh
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WindowBenchmark {

    static final List<Duration> DEFAULT_WINDOWS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24), Duration.ofDays(3), Duration.ofDays(30));

    private EndpointStats stats;
    private ProbeResult[] results;
    private int next;
    private Instant now;

    @Setup(Level.Trial)
    public void setUp() {
        stats = new EndpointStats("database", DEFAULT_WINDOWS, 12, List.of("cpu"));
        Random r = new Random(1);
        Instant t = Instant.parse("2027-01-01T00:00:00Z");
        // A week of history at one probe every 10 s, so every window holds data.
        for (int i = 0; i < 60_480; i++) {
            stats.record(result(t, r));
            t = t.plusSeconds(10);
        }
        results = new ProbeResult[4096];
        for (int i = 0; i < results.length; i++) {
            results[i] = result(t, r);
            t = t.plusMillis(250); // time keeps moving, so slots expire as in production
        }
        now = t;
    }

    private static ProbeResult result(Instant t, Random r) {
        boolean ok = r.nextDouble() > 0.01;
        return new ProbeResult("database", t, (long) (0.08e9 * Math.exp(0.5 * r.nextGaussian())),
                ok ? Outcome.OK : Outcome.HTTP_STATUS, ok ? 200 : 503, "", Map.of("cpu", 40 + 20 * r.nextDouble()));
    }

    @Benchmark
    public void record() {
        stats.record(results[next++ & (results.length - 1)]);
    }

    @Benchmark
    public EndpointWindows snapshot() {
        return stats.snapshot(now);
    }
}
