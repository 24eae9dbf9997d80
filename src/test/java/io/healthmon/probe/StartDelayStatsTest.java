package io.healthmon.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StartDelayStatsTest {

    @Test
    void quantilesAreReadToTheTenthOfAMillisecond() {
        StartDelayStats s = new StartDelayStats();
        assertTrue(Double.isNaN(s.quantileSeconds(0.5)));
        for (int i = 1; i <= 100; i++) {
            s.record(i * 100_000L); // 0.1 ms .. 10 ms
        }
        assertEquals(0.0051, s.quantileSeconds(0.5), 1e-9);
        assertEquals(0.0100, s.quantileSeconds(0.99), 1e-9);
        assertEquals(0.010, s.maxSeconds(), 1e-9);
    }

    @Test
    void lateStartsBeyondOneSecondShareTheLastBucketButKeepTheirMax() {
        StartDelayStats s = new StartDelayStats();
        s.record(5_000_000_000L);
        s.record(-3); // a timer a hair early counts as on time
        assertEquals(5.0, s.maxSeconds());
        assertEquals(5.0, s.quantileSeconds(1.0));
        assertEquals(0.0001, s.quantileSeconds(0.5), 1e-12);
    }
}
