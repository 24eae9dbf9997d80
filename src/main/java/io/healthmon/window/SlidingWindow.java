package io.healthmon.window;

import java.time.Duration;

/**
 * Probe counts and a latency sketch over the last {@code length} of time, kept as a ring of
 * {@code slots} time slots plus a running aggregate: recording touches one slot and the aggregate,
 * expiring a slot subtracts it once, and a read never walks the ring. The window covers the
 * current (partial) slot and the {@code slots - 1} before it, so it looks back between
 * {@code length - length/slots} and {@code length}.
 *
 * <p>Not thread-safe: the owner synchronises.
 */
final class SlidingWindow {

    private final Duration length;
    private final long slotMillis;
    private final Slot[] ring;
    private final Slot aggregate = new Slot();
    /** Absolute index (epoch millis / slotMillis) of the newest slot; MIN_VALUE before any use. */
    private long head = Long.MIN_VALUE;
    /** When the data it holds begins: the first probe since it was empty; MIN_VALUE while empty. */
    private long firstAt = Long.MIN_VALUE;

    private static final class Slot {
        long probes;
        long failures;
        double weight;
        double failedWeight;
        final LatencySketch latency = new LatencySketch();

        void clear() {
            probes = 0;
            failures = 0;
            weight = 0;
            failedWeight = 0;
            latency.clear();
        }
    }

    SlidingWindow(Duration length, int slots) {
        if (slots < 1 || length.toMillis() < slots) {
            throw new IllegalArgumentException("window " + length + " cannot be cut into " + slots + " slots");
        }
        this.length = length;
        this.slotMillis = length.toMillis() / slots;
        this.ring = new Slot[slots];
        for (int i = 0; i < slots; i++) {
            ring[i] = new Slot();
        }
    }

    Duration length() {
        return length;
    }

    /** Records one probe standing for one second (see {@link #record(long, boolean, double, double)}). */
    void record(long epochMillis, boolean ok, double latencySeconds) {
        record(epochMillis, ok, latencySeconds, 1);
    }

    /**
     * Records one probe. {@code latencySeconds} is NaN for results without a meaningful latency
     * (e.g. connection refused), which count towards the ratios but not the quantiles. Ratios are
     * time-weighted: a probe counts for {@code weightSeconds}, the cadence it was taken at, so
     * probing faster during an outage does not make the outage weigh more.
     */
    void record(long epochMillis, boolean ok, double latencySeconds, double weightSeconds) {
        advance(epochMillis);
        if (firstAt == Long.MIN_VALUE) {
            firstAt = epochMillis;
        }
        Slot slot = ring[(int) Math.floorMod(head, (long) ring.length)];
        slot.probes++;
        aggregate.probes++;
        slot.weight += weightSeconds;
        aggregate.weight += weightSeconds;
        if (!ok) {
            slot.failures++;
            aggregate.failures++;
            slot.failedWeight += weightSeconds;
            aggregate.failedWeight += weightSeconds;
        }
        if (!Double.isNaN(latencySeconds)) {
            slot.latency.add(latencySeconds);
            aggregate.latency.add(latencySeconds);
        }
    }

    /** Moves the window to {@code epochMillis}, dropping slots that fell out. Time never goes back. */
    void advance(long epochMillis) {
        long index = Math.floorDiv(epochMillis, slotMillis);
        if (head == Long.MIN_VALUE) {
            head = index;
            return;
        }
        if (index <= head) {
            return; // a clock step backwards: keep filling the newest slot rather than rewrite history
        }
        if (index - head >= ring.length) {
            for (Slot s : ring) {
                s.clear();
            }
            aggregate.clear();
            firstAt = Long.MIN_VALUE;
        } else {
            for (long i = head + 1; i <= index; i++) {
                Slot expired = ring[(int) Math.floorMod(i, (long) ring.length)];
                if (expired.probes > 0) {
                    aggregate.probes -= expired.probes;
                    aggregate.failures -= expired.failures;
                    aggregate.weight -= expired.weight;
                    aggregate.failedWeight -= expired.failedWeight;
                    if (aggregate.probes == 0) { // no floating-point dust left behind
                        aggregate.weight = 0;
                        aggregate.failedWeight = 0;
                    }
                    aggregate.latency.subtract(expired.latency);
                    expired.clear();
                }
            }
            if (aggregate.probes == 0) {
                firstAt = Long.MIN_VALUE;
            }
        }
        head = index;
    }

    WindowStats stats(long epochMillis) {
        advance(epochMillis);
        long probes = aggregate.probes;
        double errorRatio = probes == 0 ? Double.NaN
                : aggregate.failures == 0 ? 0.0
                : aggregate.failures == probes ? 1.0
                : aggregate.failedWeight / aggregate.weight;
        double availability = probes == 0 ? Double.NaN : 1.0 - errorRatio;
        LatencySketch l = aggregate.latency;
        Duration covered = firstAt == Long.MIN_VALUE ? Duration.ZERO
                : Duration.ofMillis(Math.max(0, Math.min(length.toMillis(), epochMillis - firstAt)));
        return new WindowStats(length, probes, aggregate.failures,
                l.quantile(0.50), l.quantile(0.95), l.quantile(0.99), errorRatio, availability, covered);
    }

    /** Bytes of sketch counts allocated across the ring and the aggregate (for the memory benchmark). */
    int allocatedBytes() {
        int n = aggregate.latency.allocatedBytes();
        for (Slot s : ring) {
            n += s.latency.allocatedBytes();
        }
        return n;
    }

    /** Sketch buckets allocated across the ring and the aggregate (for the memory benchmark). */
    int allocatedBuckets() {
        int n = aggregate.latency.allocatedBuckets();
        for (Slot s : ring) {
            n += s.latency.allocatedBuckets();
        }
        return n;
    }
}
