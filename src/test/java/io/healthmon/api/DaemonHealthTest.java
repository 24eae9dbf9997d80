package io.healthmon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.TestClock;
import io.healthmon.state.StateFile;
import io.healthmon.state.StateWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    public record Sample(String v) {
    }

    @Test
    void notReadyWhileAStateFileCannotBeWrittenAndReadyAgainOnceItIs(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock(Instant.parse("2027-01-01T00:00:00Z"));
        StateWriter writer = StateWriter.inline(clock);
        DaemonHealth.StatePersisted check = new DaemonHealth.StatePersisted(writer);
        assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus());
        Path full = dir.resolve("full");
        Files.writeString(full, "not a directory");
        StateFile<Sample> f = new StateFile<>(full.resolve("incidents.json"), Sample.class, clock, writer);
        f.saveLater(new Sample("open"));
        HealthCheckResponse down = check.call();
        assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
        assertTrue(down.getData().orElseThrow().containsKey("incidents.json"), down.getData().toString());
        Files.delete(full);
        clock.advance(Duration.ofSeconds(1));
        writer.retryDue(clock.instant());
        assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus());
    }
}
