package io.healthmon.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.TestSpecs;
import io.healthmon.config.EndpointSpec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The scheduler runs on real Vert.x timers (that is what it schedules with); the prober is faked. */
class ProbeSchedulerTest {

    /** Never hurried: each endpoint keeps its own interval. */
    private static final Duration STEADY = Duration.ofSeconds(1);
    private static final Predicate<ProbeResult> NEVER = r -> false;

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static List<EndpointSpec> endpoints(int n) {
        List<EndpointSpec> specs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            specs.add(TestSpecs.withTimeout(TestSpecs.withInterval(
                    TestSpecs.endpoint("e" + i, "http://127.0.0.1:1/x"), Duration.ofSeconds(1)), Duration.ofMillis(500)));
        }
        return specs;
    }

    private static ProbeResult ok(EndpointSpec s) {
        return new ProbeResult(s.name(), Instant.now(), 1000, Outcome.OK, 200, "HTTP 200", Map.of());
    }

    @Test
    void spreadsFirstProbesEvenlyOverTheInterval() throws Exception {
        Map<String, Long> firstStart = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(4);
        long t0 = System.nanoTime();
        try (ProbeScheduler s = new ProbeScheduler(vertx, System::nanoTime, spec -> {
            if (firstStart.putIfAbsent(spec.name(), System.nanoTime() - t0) == null) {
                all.countDown();
            }
            return Future.succeededFuture(ok(spec));
        }, r -> { }, STEADY, NEVER, 1)) {
            s.start(endpoints(4), Duration.ZERO);
            assertTrue(all.await(5, TimeUnit.SECONDS));
        }
        for (int i = 0; i < 4; i++) {
            double ms = firstStart.get("e" + i) / 1e6;
            assertTrue(Math.abs(ms - 250 * i) < 100, "e" + i + " first probed at " + ms + " ms, expected ~" + 250 * i);
        }
    }

    @Test
    void skipsTurnsWhileTheEndpointsProbeIsStillInFlight() throws Exception {
        Promise<ProbeResult> hanging = Promise.promise();
        List<String> started = new CopyOnWriteArrayList<>();
        List<ProbeResult> delivered = new CopyOnWriteArrayList<>();
        CountDownLatch resumed = new CountDownLatch(1);
        EndpointSpec only = endpoints(1).get(0);
        try (ProbeScheduler s = new ProbeScheduler(vertx, System::nanoTime, spec -> {
            started.add(spec.name());
            if (started.size() == 1) {
                return hanging.future();
            }
            resumed.countDown();
            return Future.succeededFuture(ok(spec));
        }, delivered::add, STEADY, NEVER, 1)) {
            s.start(List.of(only), Duration.ZERO);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (s.probesSkipped() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10); // the scheduler runs on real timers; poll gently, leave the cores to it
            }
            assertEquals(1, started.size(), "no second probe while the first is in flight");
            assertTrue(s.probesSkipped() >= 2);
            vertx.runOnContext(v -> hanging.complete(ok(only)));
            assertTrue(resumed.await(3, TimeUnit.SECONDS), "probing resumes once the probe completes");
            assertTrue(delivered.size() >= 1);
        }
    }

    @Test
    void keepsProbingWhenTheSinkThrows() throws Exception {
        CountDownLatch three = new CountDownLatch(3);
        try (ProbeScheduler s = new ProbeScheduler(vertx, System::nanoTime, spec -> {
            three.countDown();
            return Future.succeededFuture(ok(spec));
        }, r -> {
            throw new IllegalStateException("bug downstream");
        }, STEADY, NEVER, 1)) {
            s.start(endpoints(1), Duration.ZERO);
            assertTrue(three.await(5, TimeUnit.SECONDS));
            assertTrue(s.startDelay().count() >= 3);
            assertTrue(s.startDelay().quantileSeconds(0.5) < 0.05, "timers fire within ms of the schedule");
        }
    }

    @Test
    void hurriesWhileResultsCallForItThenReturnsToItsPhase() throws Exception {
        List<Long> starts = new CopyOnWriteArrayList<>();
        List<ProbeResult> results = new CopyOnWriteArrayList<>();
        EndpointSpec spec = TestSpecs.withTimeout(TestSpecs.withInterval(
                TestSpecs.endpoint("db", "http://127.0.0.1:1/x"), Duration.ofSeconds(2)), Duration.ofMillis(100));
        CountDownLatch sixProbes = new CountDownLatch(6);
        long t0 = System.nanoTime();
        try (ProbeScheduler s = new ProbeScheduler(vertx, System::nanoTime, e -> {
            starts.add(System.nanoTime() - t0);
            Outcome o = starts.size() <= 3 ? Outcome.CONNECTION_REFUSED : Outcome.OK; // three failures, then fine
            sixProbes.countDown();
            return Future.succeededFuture(new ProbeResult("db", Instant.now(), 1000, o, 0, "", Map.of()));
        }, results::add, Duration.ofMillis(200), r -> !r.ok(), 1)) {
            s.start(List.of(spec), Duration.ZERO);
            assertTrue(sixProbes.await(10, TimeUnit.SECONDS));
        }
        double[] ms = starts.stream().mapToDouble(n -> n / 1e6).toArray();
        // 0 (fails), +200 ms (fails), +200 ms (fails), +200 ms (ok: back to the phase), 2000, 4000
        for (int i = 1; i <= 3; i++) {
            assertTrue(Math.abs(ms[i] - ms[i - 1] - 200) < 80, "hurried probe " + i + " at " + java.util.Arrays.toString(ms));
        }
        assertTrue(Math.abs(ms[4] - 2000) < 80 && Math.abs(ms[5] - 4000) < 80, "back on phase: " + java.util.Arrays.toString(ms));
        assertEquals(2.0, results.get(0).weightSeconds(), "a probe on the normal cadence stands for the interval");
        assertEquals(0.2, results.get(1).weightSeconds(), 1e-9, "a hurried probe stands for the recovery interval");
        assertEquals(0.2, results.get(3).weightSeconds(), 1e-9);
        assertEquals(2.0, results.get(4).weightSeconds());
    }

    @Test
    void dealsTheEndpointsOverDistinctEventLoopsAndKeepsEachOnItsOwn() throws Exception {
        Map<String, Set<String>> threads = new ConcurrentHashMap<>();
        CountDownLatch probes = new CountDownLatch(16);
        try (ProbeScheduler s = new ProbeScheduler(vertx, System::nanoTime, spec -> {
            threads.computeIfAbsent(spec.name(), k -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread().getName());
            probes.countDown();
            return Future.succeededFuture(ok(spec));
        }, r -> { }, Duration.ofMillis(100), r -> true, 2)) { // hurried: every 100 ms, so a few turns each
            s.start(endpoints(4), Duration.ZERO);
            assertEquals(2, s.laneCount());
            assertTrue(probes.await(5, TimeUnit.SECONDS));
        }
        threads.forEach((endpoint, on) -> assertEquals(1, on.size(), endpoint + " stays on one thread: " + on));
        Set<String> loops = new HashSet<>();
        threads.values().forEach(loops::addAll);
        assertEquals(2, loops.size(), "two lanes, two event loops: " + threads);
        loops.forEach(t -> assertTrue(t.contains("eventloop"), t));
    }

    /**
     * The first due time of endpoint i of n: its phase (i/n of the interval), plus the whole
     * intervals that put it i/n of the way through the startup ramp. Interval 1 s; times in ms.
     */
    @ParameterizedTest(name = "endpoint {0} of {1}, ramp {2} ms: first due at {3} ms")
    @CsvSource({
            "0,    4,    0,     0",
            "1,    4,    0,     250",
            "3,    4,    0,     750",
            "3,    4,    20,    750",
            "0,    1000, 5000,  0",
            "1,    1000, 5000,  1",
            "199,  1000, 5000,  199",
            "200,  1000, 5000,  1200",
            "500,  1000, 5000,  2500",
            "999,  1000, 5000,  4999",
    })
    void aColdStartSpreadsTheFirstRoundOverTheRampAndKeepsEachPhase(int i, int n, long rampMillis, long dueMillis) {
        long due = ProbeScheduler.firstDue(0, 1_000_000_000L, i, n, rampMillis * 1_000_000L);
        assertEquals(dueMillis, due / 1_000_000);
        assertEquals(i * 1000L / n, due / 1_000_000 % 1000, "on its phase");
    }

    @ParameterizedTest(name = "{0} endpoints every {1} ms, {2} CPUs: {3} event loops")
    @CsvSource({
            "4,     5000, 2, 1",
            "2000,  1000, 2, 1",
            "2001,  1000, 2, 2",
            "4000,  1000, 2, 2",
            "10000, 1000, 2, 2",
            "10000, 1000, 8, 5",
            "10000, 5000, 8, 1",
            "1,     1000, 1, 1",
    })
    void aSecondEventLoopOnlyWhenOneWouldCarryMoreThanTwoThousandProbesASecond(int n, long intervalMillis, int cpus, int lanes) {
        List<EndpointSpec> specs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            specs.add(TestSpecs.withInterval(TestSpecs.endpoint("e" + i, "http://127.0.0.1:1/x"), Duration.ofMillis(intervalMillis)));
        }
        assertEquals(lanes, ProbeScheduler.lanesFor(specs, cpus));
    }

    @ParameterizedTest(name = "{0} endpoints: ramp {1} ms")
    @CsvSource({"4, 20", "1000, 5000", "10000, 50000", "50000, 60000"})
    void theRampGrowsWithTheEndpointsUpToAMinute(int endpoints, long millis) {
        assertEquals(Duration.ofMillis(millis), ProbeScheduler.startupRamp(endpoints));
    }
}
