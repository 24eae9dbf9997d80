package io.healthmon.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.TestSpecs;
import io.healthmon.config.EndpointSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProbeHistoryTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger("io.healthmon.probe");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            Object[] p = r.getParameters();
            lines.add(p == null ? r.getMessage() : String.format(r.getMessage(), p));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private final Instant t0 = Instant.parse("2027-01-01T00:00:00Z");
    private final ProbeHistory history = new ProbeHistory(
            List.of(TestSpecs.endpoint("database", "http://127.0.0.1/api/health/database")), t0, null);
    private int n;

    @BeforeEach
    void attach() {
        logger.addHandler(capture);
    }

    @AfterEach
    void detach() {
        logger.removeHandler(capture);
    }

    private ProbeResult result(Outcome o) {
        n++;
        return new ProbeResult("database", t0.plusSeconds(10L * n), 5_000_000, o, o == Outcome.OK ? 200 : 0,
                o == Outcome.OK ? "HTTP 200" : "failure " + o.label(), Map.of());
    }

    @Test
    void aLongOutageIsLoggedOnceAndTheRecoveryOnce() {
        history.record(result(Outcome.OK));
        for (int i = 0; i < 50; i++) {
            history.record(result(Outcome.CONNECTION_REFUSED));
        }
        for (int i = 0; i < 5; i++) {
            history.record(result(Outcome.OK));
        }
        List<String> warn = lines.stream().filter(l -> l.contains("state=down")).toList();
        List<String> up = lines.stream().filter(l -> l.contains("state=up")).toList();
        assertEquals(1, warn.size(), lines.toString());
        assertEquals("endpoint=database state=down (was up) outcome=connection_refused message=\"failure connection_refused\"",
                warn.get(0));
        assertEquals(1, up.size(), lines.toString());
        assertTrue(up.get(0).startsWith("endpoint=database state=up (was down)"));
    }

    @Test
    void aNewFailureClassWhileDownIsLoggedAgain() {
        history.record(result(Outcome.TIMEOUT));
        history.record(result(Outcome.TIMEOUT));
        history.record(result(Outcome.CONNECTION_REFUSED));
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("(was unknown) outcome=timeout"));
        assertTrue(lines.get(1).contains("(was down/timeout) outcome=connection_refused"));
    }

    @Test
    void tracksStateSinceAndConsecutiveFailures() {
        ProbeHistory.View before = history.view("database");
        assertEquals(EndpointState.UNKNOWN, before.state());
        assertNull(before.last());
        assertFalse(history.allProbed());

        history.record(result(Outcome.OK));
        ProbeResult firstFailure = result(Outcome.HTTP_STATUS);
        history.record(firstFailure);
        history.record(result(Outcome.HTTP_STATUS));
        ProbeHistory.View v = history.view("database");
        assertEquals(EndpointState.DOWN, v.state());
        assertEquals(firstFailure.startedAt(), v.since());
        assertEquals(2, v.consecutiveFailures());
        assertEquals(3, v.probes());
        assertEquals(1, history.failing(), "one endpoint whose latest probe failed");
        history.record(result(Outcome.OK));
        assertEquals(0, history.failing());
        assertTrue(history.allProbed());
    }

    @Test
    void keepsTheLastHundredResultsNewestFirst() {
        for (int i = 0; i < 250; i++) {
            history.record(result(i % 3 == 0 ? Outcome.OK : Outcome.TIMEOUT));
        }
        List<ProbeResult> recent = history.recent("database");
        assertEquals(ProbeHistory.KEEP, recent.size());
        assertEquals(t0.plusSeconds(2500), recent.get(0).startedAt());
        assertEquals(t0.plusSeconds(1510), recent.get(99).startedAt());
        assertNull(history.recent("unknown"));
    }

    @Test
    void aReloadCarriesOnTheHistoryOfAnUnchangedEndpointOnly() {
        history.record(result(Outcome.OK));
        history.record(result(Outcome.TIMEOUT));
        history.record(result(Outcome.TIMEOUT));
        ProbeHistory same = new ProbeHistory(List.of(TestSpecs.endpoint("database", "http://127.0.0.1/api/health/database")),
                t0.plusSeconds(100), history);
        ProbeHistory.View v = same.view("database");
        assertEquals(3, v.probes());
        assertEquals(2, v.consecutiveFailures());
        assertEquals(EndpointState.DOWN, v.state());
        assertEquals(1, same.failing());
        assertEquals(3, same.recent("database").size());

        ProbeHistory moved = new ProbeHistory(List.of(TestSpecs.endpoint("database", "http://127.0.0.2/api/health/database")),
                t0.plusSeconds(100), history);
        assertEquals(0, moved.view("database").probes(), "another URL is another endpoint: it starts afresh");
        assertEquals(EndpointState.UNKNOWN, moved.view("database").state());
        assertEquals(0, moved.failing());
    }

    /** Kept as columns, every field comes back as it was recorded, values by name and all. */
    @Test
    void theHistoryGivesBackEveryResultAsRecorded() {
        var spec = TestSpecs.withHeadersAndValues(TestSpecs.endpoint("database", "http://127.0.0.1/api/health/database"), Map.of(),
                Map.of("cpu", "/cpu", "memory", "/memory"));
        ProbeHistory h = new ProbeHistory(List.of(spec), t0, null);
        java.util.Random r = new java.util.Random(8);
        java.util.ArrayList<ProbeResult> recorded = new java.util.ArrayList<>();
        Outcome[] outcomes = Outcome.values();
        for (int i = 0; i < 150; i++) {
            Outcome o = outcomes[r.nextInt(outcomes.length)];
            Map<String, Double> values = r.nextBoolean() ? Map.of("cpu", r.nextDouble() * 100) : Map.of();
            ProbeResult p = new ProbeResult("database", t0.plusMillis(1000L * i + r.nextInt(1000)).plusNanos(r.nextInt(1000)),
                    r.nextInt(2_000_000_000), o, o.ok() ? 200 : r.nextInt(600), "message " + (i / 3), values, i % 2 == 0 ? 1 : 2);
            recorded.add(p);
            h.record(p);
        }
        List<ProbeResult> recent = h.recent("database");
        for (int i = 0; i < ProbeHistory.KEEP; i++) {
            assertEquals(recorded.get(149 - i), recent.get(i), "result " + i + " back");
        }
    }

    /** What the counts must say: a scan of every endpoint's view. */
    private static void assertCountsMatchAScan(ProbeHistory h, String when) {
        for (int k : new int[] {1, 2, 3, 5, ProbeHistory.COUNTED_STREAK, ProbeHistory.COUNTED_STREAK + 6}) {
            long scanned = h.views().stream().filter(v -> v.consecutiveFailures() >= k).count();
            assertEquals(scanned, h.failingFor(k), when + ": failing for " + k);
        }
        assertEquals(h.views().stream().filter(v -> v.state() == EndpointState.UP).count(), h.up(), when + ": up");
        assertEquals(h.views().stream().filter(v -> v.consecutiveFailures() > 0).count(), h.failing(), when + ": failing");
    }

    @Test
    void streakCountsAgreeWithAScanThroughResultsRestoresAndReloads() throws Exception {
        List<EndpointSpec> specs = List.of(TestSpecs.endpoint("a", "http://127.0.0.1/a"),
                TestSpecs.endpoint("b", "http://127.0.0.1/b"), TestSpecs.endpoint("c", "http://127.0.0.1/c"));
        ProbeHistory h = new ProbeHistory(specs, t0, null);
        assertCountsMatchAScan(h, "before any probe");
        java.util.Random random = new java.util.Random(8);
        for (int i = 0; i < 3000; i++) {
            String name = specs.get(random.nextInt(specs.size())).name();
            // long failing runs (past the counted streak) and short ones
            Outcome o = random.nextInt(i % 500 < 300 ? 40 : 2) == 0 ? Outcome.OK : Outcome.TIMEOUT;
            h.record(new ProbeResult(name, t0.plusSeconds(i), 1_000_000, o, o.ok() ? 200 : 0, o.label(), Map.of()));
            assertCountsMatchAScan(h, "after result " + i);
            if (i == 1500) { // a restart: the checkpoint restored into a fresh history
                ProbeHistory restored = new ProbeHistory(specs, t0, null);
                for (EndpointSpec spec : specs) {
                    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                    h.writeTo(spec.name(), new java.io.DataOutputStream(bytes));
                    restored.restore(spec.name(), new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
                }
                h = restored;
                assertCountsMatchAScan(h, "after a restore");
            }
            if (i == 2200) { // a reload that drops c and adds d
                h = new ProbeHistory(List.of(specs.get(0), specs.get(1), TestSpecs.endpoint("d", "http://127.0.0.1/d")), t0, h);
                assertCountsMatchAScan(h, "after a reload");
                specs = List.of(specs.get(0), specs.get(1), TestSpecs.endpoint("d", "http://127.0.0.1/d"));
            }
        }
    }
}
