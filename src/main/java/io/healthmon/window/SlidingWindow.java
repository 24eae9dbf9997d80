package io.healthmon.window;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;

/**
 * Probe counts and a latency sketch over the last {@code length} of time, kept as a ring of
 * {@code slots} time slots plus a running aggregate: recording touches one slot and the aggregate,
 * expiring a slot subtracts it once, and a read never walks the ring. The window covers the
 * current (partial) slot and the {@code slots - 1} before it, so it looks back between
 * {@code length - length/slots} and {@code length}.
 *
 * <p>The ring is kept as columns, not one object per slot (an endpoint has about a hundred slots,
 * and each object would cost a header and padding): the counts of a slot side by side in one array,
 * its weights in another, so a probe touches one line of each.
 *
 * <p>Not thread-safe: the owner synchronises.
 */
final class SlidingWindow {

    /** The year 3000: a saved window ending later than this is damage, not data. */
    private static final long LATEST_MILLIS = 32_503_680_000_000L;

    private final Duration length;
    private final long slotMillis;
    /** Slot i's probes at [2i], its failures at [2i + 1]: at most length/slots of probes, far below 2^31. */
    private final int[] counts;
    /** Slot i's weight (seconds the probes stand for) at [2i], that of its failures at [2i + 1]. */
    private final double[] weights;
    /** Each slot's sketch, kept as its counts array (byte[], short[] or int[]; null: empty) and first bucket. */
    private final Object[] slotCounts;
    private final int[] slotFirst;
    /** The sketch object the slots are worked on through (see {@link LatencySketch#view}); an endpoint's windows share one. */
    private final LatencySketch slotView;
    private long totalProbes;
    private long totalFailures;
    private double totalWeight;
    private double totalFailedWeight;
    private final LatencySketch totalLatency = LatencySketch.tracking();
    /** Absolute index (epoch millis / slotMillis) of the newest slot; MIN_VALUE before any use. */
    private long head = Long.MIN_VALUE;
    /**
     * The counts array of the slot that expired to become the newest, for the newest slot's sketch
     * to take over (see {@link LatencySketch#reserve}); null when there is none.
     */
    private Object spare;
    /** When the data it holds begins: the first probe since it was empty; MIN_VALUE while empty. */
    private long firstAt = Long.MIN_VALUE;

    SlidingWindow(Duration length, int slots) {
        this(length, slots, new LatencySketch());
    }

    /** @param slotView the view to work on slots through, shared with windows used under the same lock */
    SlidingWindow(Duration length, int slots, LatencySketch slotView) {
        if (slots < 1 || length.toMillis() < slots) {
            throw new IllegalArgumentException("window " + length + " cannot be cut into " + slots + " slots");
        }
        this.length = length;
        this.slotMillis = length.toMillis() / slots;
        this.slotView = slotView;
        this.counts = new int[2 * slots];
        this.weights = new double[2 * slots];
        this.slotCounts = new Object[slots];
        this.slotFirst = new int[slots];
    }

    Duration length() {
        return length;
    }

    int slots() {
        return slotFirst.length;
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
        int i = slot(head);
        counts[2 * i]++;
        totalProbes++;
        weights[2 * i] += weightSeconds;
        totalWeight += weightSeconds;
        if (!ok) {
            counts[2 * i + 1]++;
            totalFailures++;
            weights[2 * i + 1] += weightSeconds;
            totalFailedWeight += weightSeconds;
        }
        if (!Double.isNaN(latencySeconds)) {
            LatencySketch l = sketch(i);
            if (slotCounts[i] == null) { // a new slot: room for what the one before it held
                int before = slot(head - 1);
                l.reserve(slotFirst[before], LatencySketch.buckets(slotCounts[before]), spare);
                spare = null;
            }
            l.add(latencySeconds);
            keep(i);
            totalLatency.add(latencySeconds);
        }
    }

    private int slot(long index) {
        return (int) Math.floorMod(index, (long) slotFirst.length);
    }

    private void clearSlot(int i) {
        counts[2 * i] = 0;
        counts[2 * i + 1] = 0;
        weights[2 * i] = 0;
        weights[2 * i + 1] = 0;
        slotCounts[i] = null;
        slotFirst[i] = 0;
    }

    private void clearTotals() {
        totalProbes = 0;
        totalFailures = 0;
        totalWeight = 0;
        totalFailedWeight = 0;
        totalLatency.clear();
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
        if (index - head >= slotFirst.length) {
            for (int i = 0; i < slotFirst.length; i++) {
                clearSlot(i);
            }
            clearTotals();
            firstAt = Long.MIN_VALUE;
        } else {
            int newest = slot(head);
            sketch(newest).trim(); // it no longer fills: keep only the buckets it uses
            keep(newest);
            for (long n = head + 1; n <= index; n++) {
                int i = slot(n);
                if (counts[2 * i] > 0) {
                    totalProbes -= counts[2 * i];
                    totalFailures -= counts[2 * i + 1];
                    totalWeight -= weights[2 * i];
                    totalFailedWeight -= weights[2 * i + 1];
                    if (totalProbes == 0) { // no floating-point dust left behind
                        totalWeight = 0;
                        totalFailedWeight = 0;
                    }
                    totalLatency.subtract(sketch(i));
                    Object expired = slotCounts[i];
                    clearSlot(i);
                    if (n == index) {
                        spare = expired; // this slot starts over: its sketch may reuse the array
                    }
                }
            }
            if (totalProbes == 0) {
                firstAt = Long.MIN_VALUE;
            }
            totalLatency.trimSlack();
        }
        head = index;
    }

    WindowStats stats(long epochMillis) {
        return stats(epochMillis, Gaps.NONE);
    }

    /**
     * @param gaps times the daemon was not running: within the window they hold no data, so they
     *             are not counted as covered
     */
    WindowStats stats(long epochMillis, Gaps gaps) {
        advance(epochMillis);
        long n = totalProbes;
        double errorRatio = n == 0 ? Double.NaN
                : totalFailures == 0 ? 0.0
                : totalFailures == n ? 1.0
                : totalFailedWeight / totalWeight;
        double availability = n == 0 ? Double.NaN : 1.0 - errorRatio;
        LatencySketch l = totalLatency;
        Duration covered = Duration.ZERO;
        if (firstAt != Long.MIN_VALUE) {
            long from = Math.max(firstAt, epochMillis - length.toMillis());
            long ms = Math.max(0, epochMillis - from - gaps.within(from, epochMillis));
            covered = ms == length.toMillis() ? length : Duration.ofMillis(ms); // whole: no Duration made per read
        }
        return new WindowStats(length, n, totalFailures,
                l.quantile(0.50), l.quantile(0.95), l.quantile(0.99), errorRatio, availability, covered);
    }

    /** Writes the ring (a checkpoint); the aggregate is summed again on reading, so it cannot disagree. */
    void writeTo(DataOutput out) throws IOException {
        out.writeLong(head);
        out.writeLong(firstAt);
        for (int i = 0; i < slotFirst.length; i++) {
            out.writeInt(counts[2 * i]);
            out.writeInt(counts[2 * i + 1]);
            out.writeDouble(weights[2 * i]);
            out.writeDouble(weights[2 * i + 1]);
            sketch(i).writeTo(out);
        }
    }

    /** Replaces what this window holds with what {@link #writeTo} wrote for a window of the same length and slots. */
    void readFrom(DataInput in) throws IOException {
        long h = in.readLong();
        long first = in.readLong();
        if (h != Long.MIN_VALUE && (h < 0 || h > LATEST_MILLIS / slotMillis)) {
            throw new IOException("window " + length + " ends at an impossible time");
        }
        clearTotals();
        for (int i = 0; i < slotFirst.length; i++) {
            counts[2 * i] = in.readInt();
            counts[2 * i + 1] = in.readInt();
            weights[2 * i] = in.readDouble();
            weights[2 * i + 1] = in.readDouble();
            int n = counts[2 * i];
            int failed = counts[2 * i + 1];
            double w = weights[2 * i];
            double failedW = weights[2 * i + 1];
            if (n < 0 || failed < 0 || failed > n || !(w >= 0) || !(failedW >= 0) || failedW > w || Double.isInfinite(w)) {
                throw new IOException("window " + length + " slot " + i + " holds impossible counts");
            }
            LatencySketch l = sketch(i);
            l.readFrom(in);
            keep(i);
            totalProbes += counts[2 * i];
            totalFailures += counts[2 * i + 1];
            totalWeight += weights[2 * i];
            totalFailedWeight += weights[2 * i + 1];
            totalLatency.addAll(l);
        }
        head = h;
        firstAt = totalProbes == 0 ? Long.MIN_VALUE : first;
    }

    /** Slot {@code i}'s sketch, through the one view (valid until the next call). */
    private LatencySketch sketch(int i) {
        slotView.view(slotCounts[i], slotFirst[i]);
        return slotView;
    }

    /** Stores back what was done to slot {@code i}'s sketch through the view (its array may have grown or widened). */
    private void keep(int i) {
        slotCounts[i] = slotView.countsArray();
        slotFirst[i] = slotView.firstBucket();
    }

    /** Bytes of sketch counts allocated across the ring and the aggregate (for the memory benchmark). */
    int allocatedBytes() {
        int n = totalLatency.allocatedBytes();
        for (int i = 0; i < slotCounts.length; i++) {
            n += sketch(i).allocatedBytes();
        }
        return n;
    }

    /** Sketch buckets allocated across the ring and the aggregate (for the memory benchmark). */
    int allocatedBuckets() {
        int n = totalLatency.allocatedBuckets();
        for (int i = 0; i < slotCounts.length; i++) {
            n += sketch(i).allocatedBuckets();
        }
        return n;
    }
}
