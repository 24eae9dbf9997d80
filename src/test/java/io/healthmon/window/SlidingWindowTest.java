package io.healthmon.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Time is whatever the test says: every step is an explicit epoch-millisecond tick. */
class SlidingWindowTest {

    private static final long T0 = 1_800_000_000_000L; // an arbitrary epoch ms, a multiple of 5s

    @Test
    void ratiosCountOnlyProbesInsideTheWindow() {
        SlidingWindow w = new SlidingWindow(Duration.ofMinutes(1), 12); // 5 s slots
        for (int s = 0; s < 60; s++) {
            w.record(T0 + s * 1000L, s % 10 != 0, 0.1); // one failure every 10 s
        }
        WindowStats full = w.stats(T0 + 59_000);
        assertEquals(60, full.probes());
        assertEquals(6, full.failures());
        assertEquals(0.1, full.errorRatio(), 1e-12);
        assertEquals(0.9, full.availabilityRatio(), 1e-12);

        // 5 s later the oldest slot (5 probes, 1 failure) has slid out.
        WindowStats later = w.stats(T0 + 60_000);
        assertEquals(55, later.probes());
        assertEquals(5, later.failures());
    }

    @Test
    void slidesOutOneSlotPerTickUntilEmpty() {
        SlidingWindow w = new SlidingWindow(Duration.ofMinutes(1), 12);
        for (int slot = 0; slot < 12; slot++) {
            w.record(T0 + slot * 5000L, true, 0.2);
        }
        for (int tick = 0; tick <= 12; tick++) {
            WindowStats s = w.stats(T0 + (11 + tick) * 5000L);
            assertEquals(12 - tick, s.probes(), "tick " + tick);
        }
        WindowStats empty = w.stats(T0 + 23 * 5000L);
        assertTrue(Double.isNaN(empty.errorRatio()));
        assertTrue(Double.isNaN(empty.p95Seconds()));
    }

    @Test
    void slowProbesLeaveTheP95WhenTheySlideOut() {
        SlidingWindow w = new SlidingWindow(Duration.ofMinutes(5), 10); // 30 s slots
        for (int i = 0; i < 30; i++) {
            w.record(T0 + i * 1000L, true, 3.0); // 30 s of 3 s responses
        }
        for (int i = 30; i < 300; i++) {
            w.record(T0 + i * 1000L, true, 0.05);
        }
        assertEquals(3.0, w.stats(T0 + 299_000).p99Seconds(), 0.03);
        assertEquals(0.05, w.stats(T0 + 300_000).p99Seconds(), 0.0005);
    }

    @Test
    void aGapLongerThanTheWindowEmptiesItAndRecordingResumes() {
        SlidingWindow w = new SlidingWindow(Duration.ofHours(1), 12);
        for (int i = 0; i < 100; i++) {
            w.record(T0 + i * 10_000L, i % 2 == 0, 0.5);
        }
        long afterGap = T0 + Duration.ofDays(3).toMillis();
        assertEquals(0, w.stats(afterGap).probes());
        w.record(afterGap + 1000, false, 1.5);
        WindowStats s = w.stats(afterGap + 1000);
        assertEquals(1, s.probes());
        assertEquals(1.0, s.errorRatio());
        assertEquals(1.5, s.p50Seconds(), 0.015);
    }

    @Test
    void aClockStepBackwardsKeepsFillingTheNewestSlot() {
        SlidingWindow w = new SlidingWindow(Duration.ofMinutes(1), 12);
        w.record(T0 + 30_000, true, 0.1);
        w.record(T0 + 10_000, false, 0.1); // the wall clock jumped back 20 s
        WindowStats s = w.stats(T0 + 30_000);
        assertEquals(2, s.probes());
        assertEquals(1, s.failures());
    }

    @Test
    void probesWithoutLatencyCountInRatiosButNotQuantiles() {
        SlidingWindow w = new SlidingWindow(Duration.ofMinutes(1), 12);
        w.record(T0, true, 0.2);
        w.record(T0 + 1000, false, Double.NaN); // e.g. connection refused
        WindowStats s = w.stats(T0 + 1000);
        assertEquals(2, s.probes());
        assertEquals(0.5, s.errorRatio());
        assertEquals(0.2, s.p99Seconds(), 0.002);
    }

    @Test
    void ratiosAreTimeWeightedSoHurriedProbesDoNotInflateAnOutage() {
        SlidingWindow w = new SlidingWindow(Duration.ofMinutes(5), 10);
        for (int i = 0; i < 24; i++) {
            w.record(T0 + i * 10_000L, true, 0.05, 10); // 4 minutes up, every 10 s
        }
        for (int i = 0; i < 30; i++) {
            w.record(T0 + 240_000 + i * 2000L, false, 0.05, 2); // 1 minute down, hurried to every 2 s
        }
        WindowStats s = w.stats(T0 + 299_000);
        assertEquals(54, s.probes());
        assertEquals(30, s.failures());
        assertEquals(0.2, s.errorRatio(), 1e-9, "one minute in five, not 30 probes in 54");
        assertEquals(0.8, s.availabilityRatio(), 1e-9);
    }

    /**
     * How much of the window holds data: from the first probe since it was empty, up to its length;
     * nothing once every probe slid out. Probes every 10 s into a 1m window from T0; read at the given second.
     */
    @ParameterizedTest(name = "probing for {0}s, read at {1}s: {2}s covered")
    @CsvSource({
            "0,   0,   0",
            "30,  30,  30",
            "30,  45,  45",
            "120, 120, 60",
            "30,  100, 0",
    })
    void coverageGrowsFromTheFirstProbeToTheWindowsLength(int probingSeconds, int readAt, int coveredSeconds) {
        SlidingWindow w = new SlidingWindow(Duration.ofMinutes(1), 12);
        for (int s = 0; s <= probingSeconds; s += 10) {
            w.record(T0 + s * 1000L, true, 0.1);
        }
        WindowStats stats = w.stats(T0 + readAt * 1000L);
        assertEquals(Duration.ofSeconds(coveredSeconds), stats.covered());
        assertEquals(coveredSeconds < 60, stats.partial());
    }

    /** A window written and read back (a restart) answers the same, and keeps sliding from where it was. */
    @Test
    void aWindowReadBackFromItsCheckpointAnswersTheSameAndSlidesOn() throws IOException {
        SlidingWindow w = new SlidingWindow(Duration.ofMinutes(5), 10);
        for (int i = 0; i < 300; i++) {
            w.record(T0 + i * 1000L, i % 5 != 0, 0.05 + (i % 7) * 0.01, i < 150 ? 1 : 2);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        w.writeTo(new DataOutputStream(bytes));
        SlidingWindow back = new SlidingWindow(Duration.ofMinutes(5), 10);
        back.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        for (long t : new long[] {299_000, 330_000, 450_000, 600_000}) {
            assertEquals(w.stats(T0 + t), back.stats(T0 + t), "at " + t / 1000 + " s");
        }
    }

    @Test
    void aSlotWithImpossibleCountsIsRefused() throws IOException {
        SlidingWindow w = new SlidingWindow(Duration.ofMinutes(1), 2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeLong(0);
        out.writeLong(0);
        out.writeInt(1); // one probe
        out.writeInt(2); // two failures
        out.writeDouble(1);
        out.writeDouble(2);
        IOException e = assertThrows(IOException.class,
                () -> w.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
        assertTrue(e.getMessage().contains("impossible counts"), e.getMessage());
    }
}
