package io.healthmon.window;

import java.util.Arrays;

/**
 * Log-bucketed latency histogram (the DDSketch idea): every bucket spans a constant ratio, so any
 * quantile read back is within {@link #RELATIVE_ACCURACY} of the exact sample at that rank, and the
 * memory it takes depends on the spread of latencies, never on how many were recorded.
 *
 * <p>Not thread-safe: the owner synchronises.
 */
public final class LatencySketch {

    /** Relative error bound of a quantile read back; below the 1 % we promise, to leave margin. */
    public static final double RELATIVE_ACCURACY = 0.008;
    /** Smallest latency told apart (10 µs); anything faster lands in the first bucket. */
    public static final double MIN_SECONDS = 1e-5;
    /** Largest latency told apart (1 h); anything slower lands in the last bucket. */
    public static final double MAX_SECONDS = 3600;

    private static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    private static final double LN_GAMMA = Math.log(GAMMA);
    private static final int MIN_INDEX = index(MIN_SECONDS);
    private static final int MAX_INDEX = index(MAX_SECONDS);
    /** Upper bound on buckets a sketch can hold: the figure behind the README's memory bound. */
    public static final int MAX_BUCKETS = MAX_INDEX - MIN_INDEX + 1;

    private static final int[] EMPTY = new int[0];

    /** counts[i] is the count of bucket (offset + i); grown on demand to cover what was recorded. */
    private int[] counts = EMPTY;
    private int offset;
    private long total;

    private static int index(double seconds) {
        return (int) Math.ceil(Math.log(seconds) / LN_GAMMA);
    }

    private static int clampedIndex(double seconds) {
        if (!(seconds > MIN_SECONDS)) {
            return MIN_INDEX; // also catches NaN and negatives: treated as "as fast as we can tell"
        }
        return Math.min(index(seconds), MAX_INDEX);
    }

    /** The value reported for a bucket: the point whose relative distance to both edges is equal. */
    private static double value(int index) {
        return 2 * Math.pow(GAMMA, index) / (GAMMA + 1);
    }

    public void add(double seconds) {
        add(clampedIndex(seconds), 1);
    }

    private void add(int index, int count) {
        if (counts.length == 0) {
            counts = new int[8];
            offset = index - 4;
        } else if (index < offset || index >= offset + counts.length) {
            grow(index);
        }
        counts[index - offset] += count;
        total += count;
    }

    private void grow(int index) {
        int lo = Math.min(offset, index);
        int hi = Math.max(offset + counts.length - 1, index);
        int span = hi - lo + 1;
        // Some slack on the growing side so a drifting latency doesn't copy on every sample.
        int slack = Math.max(4, span / 4);
        int newLo = index < offset ? Math.max(MIN_INDEX, lo - slack) : lo;
        int newHi = index < offset ? hi : Math.min(MAX_INDEX, hi + slack);
        int[] grown = new int[newHi - newLo + 1];
        System.arraycopy(counts, 0, grown, offset - newLo, counts.length);
        counts = grown;
        offset = newLo;
    }

    /** Adds every sample of {@code other} to this sketch. */
    /** Removes every sample of {@code other}, each of which was added to this sketch before. */
    public void subtract(LatencySketch other) {
        for (int i = 0; i < other.counts.length; i++) {
            int c = other.counts[i];
            if (c != 0) {
                counts[other.offset + i - offset] -= c;
                total -= c;
            }
        }
        if (total == 0) {
            clear(); // give back memory a burst of odd latencies made us take
        }
    }

    public void clear() {
        counts = EMPTY;
        offset = 0;
        total = 0;
    }

    public long count() {
        return total;
    }

    /** Buckets currently allocated: what this sketch costs in memory, in ints. */
    public int allocatedBuckets() {
        return counts.length;
    }

    /**
     * The nearest-rank quantile: the value of the ceil(q * n)-th smallest sample, to within the
     * relative accuracy. NaN when empty.
     */
    public double quantile(double q) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return value(offset + i);
            }
        }
        return value(offset + counts.length - 1);
    }

    @Override
    public String toString() {
        return "LatencySketch[n=" + total + ", buckets=" + Arrays.stream(counts).filter(c -> c > 0).count() + "]";
    }
}
