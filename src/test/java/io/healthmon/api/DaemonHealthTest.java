package io.healthmon.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DaemonHealthTest {

    @Test
    void livenessFailsOnceProbingHasBeenSilentForThreeLongestIntervals() {
        TestClock clock = new TestClock(Instant.parse("2027-01-01T00:00:00Z"));
        Instant last = clock.instant();
        Duration longest = Duration.ofSeconds(10);
        clock.advance(Duration.ofSeconds(30));
        assertTrue(DaemonHealth.alive(last, clock.instant(), longest));
        clock.advance(Duration.ofMillis(1));
        assertFalse(DaemonHealth.alive(last, clock.instant(), longest));
    }
}
