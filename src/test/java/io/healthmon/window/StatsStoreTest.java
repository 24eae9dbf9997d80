package io.healthmon.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import io.healthmon.TestClock;
import io.healthmon.config.BodyCondition;
import io.healthmon.config.EndpointSpec;
import io.healthmon.config.StatusMatcher;
import io.healthmon.probe.Outcome;
import io.healthmon.probe.ProbeResult;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatsStoreTest {

    private static final List<Duration> WINDOWS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24), Duration.ofDays(3), Duration.ofDays(30));

    private final TestClock clock = new TestClock(Instant.parse("2027-01-01T00:00:00Z"));
    private final EndpointSpec db = new EndpointSpec("database", URI.create("http://127.0.0.1/api/health/database"),
            Duration.ofSeconds(10), Duration.ofSeconds(5), StatusMatcher.SUCCESS, Map.of(), BodyCondition.NONE,
            Map.of("cpu", JsonPointer.compile("/cpu")), 65536, 0.999);
    private final StatsStore store = new StatsStore(List.of(db), WINDOWS, 12, clock, null);

    private ProbeResult result(Outcome o, double latency, Map<String, Double> values) {
        return new ProbeResult("database", clock.instant(), (long) (latency * 1e9), o, o == Outcome.OK ? 200 : 503,
                "test", values);
    }

    @Test
    void everyConfiguredWindowIsReportedInOrder() {
        store.record(result(Outcome.OK, 0.1, Map.of()));
        EndpointWindows s = store.snapshot("database");
        assertEquals(List.of("1m", "5m", "1h", "6h", "24h", "3d", "30d"), List.copyOf(s.windows().keySet()));
    }

    @Test
    void shortWindowsForgetAnOutageLongWindowsRememberIt() {
        for (int i = 0; i < 30; i++) { // 5 minutes down, a probe every 10 s
            store.record(result(Outcome.CONNECTION_REFUSED, 0, Map.of()));
            clock.advance(Duration.ofSeconds(10));
        }
        for (int i = 0; i < 60; i++) { // 10 minutes up
            store.record(result(Outcome.OK, 0.05, Map.of()));
            clock.advance(Duration.ofSeconds(10));
        }
        EndpointWindows s = store.snapshot("database");
        assertEquals(0.0, s.window("5m").errorRatio());
        assertEquals(1.0 / 3, s.window("1h").errorRatio(), 1e-9);
        assertEquals(2.0 / 3, s.window("30d").availabilityRatio(), 1e-9);
    }

    @Test
    void bodyValuesKeepTheLastValueAndTheMaxPerWindow() {
        store.record(result(Outcome.OK, 0.1, Map.of("cpu", 91.0)));
        clock.advance(Duration.ofMinutes(2));
        store.record(result(Outcome.OK, 0.1, Map.of("cpu", 40.0, "unconfigured", 1.0)));
        ValueStats cpu = store.snapshot("database").values().get("cpu");
        assertEquals(40.0, cpu.last());
        assertEquals(clock.instant(), cpu.lastAt());
        assertEquals(40.0, cpu.maxByWindow().get("1m"));
        assertEquals(91.0, cpu.maxByWindow().get("5m"));
        assertEquals(List.of("cpu"), List.copyOf(store.snapshot("database").values().keySet()));
    }

    @Test
    void aGapLongerThanTheLongestWindowEmptiesEveryWindow() {
        for (int i = 0; i < 100; i++) {
            store.record(result(i % 4 == 0 ? Outcome.TIMEOUT : Outcome.OK, 0.3, Map.of("cpu", 50.0)));
            clock.advance(Duration.ofSeconds(10));
        }
        clock.advance(Duration.ofDays(31));
        EndpointWindows s = store.snapshot("database");
        s.windows().forEach((label, w) -> assertEquals(0, w.probes(), label));
        assertTrue(Double.isNaN(s.values().get("cpu").maxByWindow().get("30d")));
        assertEquals(50.0, s.values().get("cpu").last(), "the last value is kept, with its timestamp");

        store.record(result(Outcome.OK, 0.2, Map.of()));
        s.windows().forEach((label, w) -> assertEquals(0, w.probes(), "old snapshot is immutable: " + label));
        store.snapshot("database").windows().forEach((label, w) -> assertEquals(1, w.probes(), label));
    }

    @Test
    void aReaderGetsTheWindowsAsOfItsReadNotAsOfTheLastProbe() {
        store.record(result(Outcome.OK, 0.1, Map.of()));
        clock.advance(Duration.ofMillis(500));
        EndpointWindows read = store.snapshot("database");
        assertEquals(clock.instant(), read.at());
        assertEquals(1, read.window("1m").probes());
        clock.advance(Duration.ofSeconds(61));
        assertEquals(0, store.snapshot("database").window("1m").probes(), "the probe slid out of the minute");
        assertEquals(1, read.window("1m").probes(), "a snapshot read before does not change");
    }

    @Test
    void unknownEndpointsAreRefusedOrAbsent() {
        assertNull(store.snapshot("nope"));
        ProbeResult stray = new ProbeResult("nope", clock.instant(), 1, Outcome.OK, 200, "", Map.of());
        assertThrows(IllegalArgumentException.class, () -> store.record(stray));
    }

    @Test
    void memoryPerEndpointStaysBoundedUnderAnyProbeRate() {
        java.util.Random r = new java.util.Random(11);
        for (int i = 0; i < 200_000; i++) { // 10 probes a second for 5.5 hours, latencies 1 ms .. 10 s
            store.record(result(Outcome.OK, Math.pow(10, -3 + 4 * r.nextDouble()), Map.of()));
            clock.advance(Duration.ofMillis(100));
        }
        int buckets = store.allocatedBuckets("database");
        int bound = WINDOWS.size() * 13 * LatencySketch.MAX_BUCKETS;
        assertTrue(buckets <= bound, buckets + " > " + bound);
    }

    private EndpointSpec at(String url) {
        return new EndpointSpec("database", URI.create(url), db.interval(), db.timeout(), db.expectedStatus(), db.headers(),
                db.body(), db.values(), db.maxBodyBytes(), db.sloObjective());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "same URL and windows,  http://127.0.0.1/api/health/database, 12, 3, true",
        "another URL,           http://127.0.0.2/api/health/database, 12, 0, false",
        "windows sliced anew,   http://127.0.0.1/api/health/database, 6,  0, true"})
    void aReloadKeepsTheWindowsOfAnUnchangedEndpointOnlyAndItsDaysWhileItsUrlStays(String what, String url, int slots,
                                                                                  long probes, boolean daysKept) {
        for (int i = 0; i < 3; i++) {
            store.record(result(Outcome.OK, 0.1, Map.of()));
            clock.advance(Duration.ofSeconds(10));
        }
        double watched = store.days("database", 1).get(0).watchedSeconds();
        assertTrue(watched > 0);
        StatsStore next = new StatsStore(List.of(at(url)), WINDOWS, slots, clock, store);
        assertEquals(probes, next.snapshot("database").window("1h").probes(), what);
        assertEquals(daysKept ? watched : 0, next.days("database", 1).get(0).watchedSeconds(), what);
        next.record(result(Outcome.HTTP_STATUS, 0.1, Map.of()));
        assertEquals(daysKept ? 0.75 : 0.0, next.days("database", 1).get(0).availability(), 1e-9, "and they go on: " + what);
    }
}
