package io.healthmon.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatencySketchTest {

    private static final double[] QS = {0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0};

    /** Nearest-rank quantile of the raw samples: the reference the sketch is held to. */
    private static double exact(double[] sorted, double q) {
        int rank = (int) Math.max(1, Math.ceil(q * sorted.length));
        return sorted[rank - 1];
    }

    private static void assertWithinOnePercent(DoubleSupplier source, int n) {
        LatencySketch sketch = new LatencySketch();
        double[] samples = new double[n];
        for (int i = 0; i < n; i++) {
            samples[i] = source.getAsDouble();
            sketch.add(samples[i]);
        }
        Arrays.sort(samples);
        for (double q : QS) {
            double want = exact(samples, q);
            double got = sketch.quantile(q);
            assertTrue(Math.abs(got - want) <= 0.01 * want,
                    "q=" + q + " exact=" + want + " sketch=" + got + " (n=" + n + ")");
        }
    }

    @Test
    void quantilesOfLogNormalLatenciesAreWithinOnePercentOfExact() {
        Random r = new Random(42);
        assertWithinOnePercent(() -> 0.05 * Math.exp(r.nextGaussian()), 100_000);
    }

    @Test
    void quantilesOfUniformLatenciesAreWithinOnePercentOfExact() {
        Random r = new Random(7);
        assertWithinOnePercent(() -> 0.001 + r.nextDouble() * 5, 50_000);
    }

    @Test
    void quantilesOfBimodalLatenciesWithSlowTailAreWithinOnePercentOfExact() {
        Random r = new Random(1234);
        assertWithinOnePercent(() -> r.nextDouble() < 0.93 ? 0.02 + r.nextDouble() * 0.01 : 2 + r.nextDouble() * 3, 20_000);
    }

    @Test
    void smallSampleCountsAreExactToTheBucket() {
        Random r = new Random(99);
        for (int n = 1; n <= 40; n++) {
            assertWithinOnePercent(() -> 0.0001 + r.nextDouble(), n);
        }
    }

    @Test
    void subtractingWhatWasAddedRestoresTheQuantiles() {
        Random r = new Random(5);
        LatencySketch agg = new LatencySketch();
        LatencySketch burst = new LatencySketch();
        for (int i = 0; i < 1000; i++) {
            agg.add(0.01 + r.nextDouble() * 0.01);
        }
        double p95Before = agg.quantile(0.95);
        for (int i = 0; i < 1000; i++) {
            double v = 10 + r.nextDouble();
            burst.add(v);
            agg.add(v);
        }
        assertTrue(agg.quantile(0.95) > 9, "the burst dominates p95 while it is in");
        agg.subtract(burst);
        assertEquals(p95Before, agg.quantile(0.95));
        assertEquals(1000, agg.count());
    }

    /**
     * A window's aggregate keeps cursors on p50/p95/p99 instead of walking its buckets; after every
     * step of a window's life (samples in, an expired slot out, emptied, read back from a checkpoint)
     * it must answer exactly what a walk over the same buckets answers.
     */
    @ParameterizedTest(name = "seed {0}, {1}: tracked quantiles equal walked ones after every step")
    @CsvSource({
            "1, steady",
            "2, steady",
            "3, bimodal",
            "4, bimodal",
            "5, drifting",
            "6, outliers",
    })
    void trackedQuantilesAnswerWhatAWalkAnswers(long seed, String shape) throws IOException {
        Random r = new Random(seed);
        LatencySketch tracked = LatencySketch.tracking();
        LatencySketch walked = new LatencySketch();
        java.util.ArrayDeque<LatencySketch> slots = new java.util.ArrayDeque<>();
        LatencySketch slot = new LatencySketch();
        for (int step = 0; step < 6000; step++) {
            double v = switch (shape) {
                case "steady" -> 0.002 * Math.exp(0.3 * r.nextGaussian());
                case "bimodal" -> r.nextInt(10) < 8 ? 0.001 + r.nextDouble() * 0.001 : 1.5 + r.nextDouble();
                case "drifting" -> 0.001 * (1 + step / 100.0) * (1 + r.nextDouble() * 0.2);
                default -> r.nextInt(50) == 0 ? 0.9 : 0.0008 + r.nextDouble() * 0.0004;
            };
            tracked.add(v);
            walked.add(v);
            slot.add(v);
            if (step % 7 == 6) { // a slot ends; the oldest expires once eight are kept
                slot.trim();
                slots.addLast(slot);
                slot = new LatencySketch();
                if (slots.size() > 8) {
                    LatencySketch old = slots.removeFirst();
                    tracked.subtract(old);
                    walked.subtract(old);
                    tracked.trimSlack(); // as a window does when a slot expires
                }
            }
            if (step == 3000) { // everything expires at once (a gap longer than the window)
                slots.forEach(tracked::subtract);
                slots.forEach(walked::subtract);
                tracked.subtract(slot);
                walked.subtract(slot);
                slots.clear();
                slot = new LatencySketch();
                assertEquals(0, tracked.count());
            }
            if (step == 4500) { // a restart: read back from a checkpoint
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                tracked.writeTo(new DataOutputStream(bytes));
                tracked = LatencySketch.tracking();
                tracked.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            }
            if (step % 3 == 0 || step > 5900) { // read now and then: the cursors move over several changes
                for (double q : LatencySketch.TRACKED) {
                    assertEquals(walked.quantile(q), tracked.quantile(q), "q=" + q + " after step " + step);
                }
            }
        }
    }

    @Test
    void aTotalGivesBackTheRangeItNoLongerHoldsOnceItIsAnEighthOfItsArray() {
        LatencySketch total = LatencySketch.tracking();
        LatencySketch outlier = new LatencySketch();
        for (int i = 0; i < 100; i++) {
            total.add(0.010);
        }
        outlier.add(9.0); // a slow moment widens the array by hundreds of buckets
        total.add(9.0);
        int wide = total.allocatedBuckets();
        total.subtract(outlier); // its slot expires
        total.trimSlack();
        assertTrue(total.allocatedBuckets() < wide / 10, wide + " -> " + total.allocatedBuckets());
        assertEquals(0.010, total.quantile(0.99), 0.0001);
        int narrow = total.allocatedBuckets();
        total.trimSlack();
        assertEquals(narrow, total.allocatedBuckets(), "nothing more to give back");
    }

    @Test
    void emptySketchHasNoQuantileAndFreesMemoryWhenDrained() {
        LatencySketch s = new LatencySketch();
        assertTrue(Double.isNaN(s.quantile(0.5)));
        LatencySketch one = new LatencySketch();
        one.add(0.3);
        s.add(0.3);
        s.subtract(one);
        assertEquals(0, s.count());
        assertEquals(0, s.allocatedBuckets());
    }

    @Test
    void bucketsAreBoundedHoweverWideTheLatenciesSpread() {
        LatencySketch s = new LatencySketch();
        Random r = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            s.add(Math.pow(10, -7 + r.nextDouble() * 12)); // 100 ns .. 100 000 s, beyond both ends
        }
        assertTrue(s.allocatedBuckets() <= LatencySketch.MAX_BUCKETS, "allocated " + s.allocatedBuckets());
        assertTrue(s.quantile(1.0) <= LatencySketch.MAX_SECONDS * 1.01);
    }

    /**
     * Counts start a byte wide and widen (to a short past 255, an int past 65,535) without
     * changing any quantile; subtracting across widths restores the counts.
     */
    @ParameterizedTest(name = "{0} samples of one latency and one outlier: {1} bytes per bucket")
    @CsvSource({"255, 1", "256, 2", "65535, 2", "65536, 4", "200000, 4"})
    void countsWidenAsTheyGrowAndReadTheSame(int n, int width) {
        LatencySketch s = new LatencySketch();
        LatencySketch outlier = new LatencySketch();
        for (int i = 0; i < n; i++) {
            s.add(0.08);
        }
        s.add(3.0);
        outlier.add(3.0);
        assertEquals(width * s.allocatedBuckets(), s.allocatedBytes());
        assertEquals(0.08, s.quantile(0.5), 0.08 * 0.01);
        assertEquals(3.0, s.quantile(1.0), 3.0 * 0.01);
        assertEquals(n + 1, s.count());
        s.subtract(outlier);
        assertEquals(0.08, s.quantile(1.0), 0.08 * 0.01, "the outlier is gone");
        assertEquals(n, s.count());
    }

    /** What a checkpoint writes reads back as the same sketch, in every width, and trimming changes no quantile. */
    @ParameterizedTest(name = "{0} samples: written, read back and trimmed alike")
    @CsvSource({"0", "1", "300", "70000"})
    void aSketchWrittenAndReadBackOrTrimmedAnswersTheSame(int n) throws IOException {
        LatencySketch s = new LatencySketch();
        Random r = new Random(n);
        for (int i = 0; i < n; i++) {
            s.add(0.05 * Math.exp(0.5 * r.nextGaussian()));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        s.writeTo(new DataOutputStream(bytes));
        LatencySketch back = new LatencySketch();
        back.add(9.0); // replaced, not added to
        back.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        int before = s.allocatedBytes();
        s.trim();
        assertTrue(s.allocatedBytes() <= before);
        assertEquals(n, back.count());
        for (double q : QS) {
            assertEquals(s.quantile(q), back.quantile(q), 0.0, "q" + q);
        }
        back.subtract(s); // the same buckets: nothing left
        assertEquals(0, back.count());
    }

    @ParameterizedTest(name = "refused: {0}")
    @CsvSource({
            "a bucket below the smallest, -100000, 1, 1",
            "more buckets than exist,      0, 5000, 1",
            "a width of 3 bytes,           0, 1, 3",
    })
    void aSketchOutOfRangeIsRefusedNotTakenIn(String what, int first, int buckets, int width) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(first);
        out.writeShort(buckets);
        out.writeByte(width);
        out.write(new byte[buckets * width]);
        LatencySketch s = new LatencySketch();
        assertThrows(IOException.class, () -> s.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    }

    @Test
    void aNewSlotTakesOverALongEnoughSpareArrayClearedAndAllocatesOtherwise() {
        LatencySketch prev = new LatencySketch();
        for (double v : new double[] {0.010, 0.012, 0.015}) {
            prev.add(v);
        }
        prev.trim();
        byte[] spare = new byte[200];
        Arrays.fill(spare, (byte) 7); // what the expired slot held: must not count
        LatencySketch next = new LatencySketch();
        next.reserve(prev.firstBucket(), LatencySketch.buckets(prev.countsArray()), spare);
        assertTrue(next.countsArray() == spare, "the spare is taken over");
        next.add(0.011);
        assertEquals(1, next.count());
        LatencySketch whole = new LatencySketch();
        whole.addAll(next);
        assertEquals(1, whole.count(), "only the one new sample is in it");
        assertEquals(0.011, whole.quantile(0.5), 0.011 * LatencySketch.RELATIVE_ACCURACY);

        LatencySketch small = new LatencySketch();
        byte[] tooShort = new byte[2];
        small.reserve(prev.firstBucket(), LatencySketch.buckets(prev.countsArray()), tooShort);
        assertTrue(small.countsArray() == null || small.countsArray() != tooShort, "a short spare is left alone");
        assertEquals(0, tooShort[0] + tooShort[1]);
    }
}
