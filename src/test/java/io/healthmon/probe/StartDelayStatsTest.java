package io.healthmon.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StartDelayStatsTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final StartDelayStats stats = new StartDelayStats(now::get);

    @Test
    void quantilesAreReadToTheTenthOfAMillisecond() {
        assertTrue(Double.isNaN(stats.quantileSeconds(0.5)));
        for (int i = 1; i <= 100; i++) {
            stats.record(i * 100_000L); // 0.1 ms .. 10 ms
        }
        assertEquals(0.0051, stats.quantileSeconds(0.5), 1e-9);
        assertEquals(0.0100, stats.quantileSeconds(0.99), 1e-9);
        assertEquals(0.010, stats.maxSeconds(), 1e-9);
    }

    @Test
    void lateStartsBeyondTheLastBucketReportTheirMax() {
        stats.record(5_000_000_000L);
        stats.record(-3); // a timer a hair early counts as on time
        assertEquals(5.0, stats.maxSeconds());
        assertEquals(5.0, stats.quantileSeconds(1.0));
        assertEquals(0.0001, stats.quantileSeconds(0.5), 1e-12);
    }

    @Test
    void aSlowStartupSlidesOutAfterAMinute() {
        stats.record(400_000_000L); // 400 ms late while the JVM warms up
        for (int s = 0; s < 60; s++) {
            now.addAndGet(1_000_000_000L);
            stats.record(1_000_000L);
        }
        assertEquals(0.001, stats.maxSeconds(), 1e-9);
        assertEquals(0.001, stats.quantileSeconds(0.99), 1e-9);
        assertEquals(61, stats.count());
        assertTrue(stats.recentCount() <= 60);
        now.addAndGet(61_000_000_000L);
        assertEquals(0, stats.recentCount());
        assertTrue(Double.isNaN(stats.quantileSeconds(0.5)));
    }
}
