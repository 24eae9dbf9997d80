package io.healthmon.window;

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

    private static final byte[] EMPTY = new byte[0];

    /*
     * counts of bucket (offset + i), grown on demand to cover what was recorded, in the narrowest
     * width that holds them: a byte each while no count exceeds 255, then a short (65,535), then an
     * int. A slot of a short window holds a few probes, one of the 30d window hundreds of thousands;
     * most sketches stay a byte wide, a quarter of what ints cost. Exactly one array is in use.
     */
    private byte[] c8 = EMPTY;
    private short[] c16;
    private int[] c32;
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

    private int length() {
        return c32 != null ? c32.length : c16 != null ? c16.length : c8.length;
    }

    private int get(int i) {
        return c32 != null ? c32[i] : c16 != null ? c16[i] & 0xFFFF : c8[i] & 0xFF;
    }

    private void set(int i, int v) {
        if (c32 != null) {
            c32[i] = v;
        } else if (c16 != null) {
            if (v > 0xFFFF) {
                widen(4);
                c32[i] = v;
            } else {
                c16[i] = (short) v;
            }
        } else if (v > 0xFF) {
            widen(v > 0xFFFF ? 4 : 2);
            set(i, v);
        } else {
            c8[i] = (byte) v;
        }
    }

    /** Copies the counts into arrays of {@code bytes} per count. */
    private void widen(int bytes) {
        int n = length();
        if (bytes == 4) {
            int[] w = new int[n];
            for (int i = 0; i < n; i++) {
                w[i] = get(i);
            }
            c32 = w;
            c16 = null;
        } else {
            short[] w = new short[n];
            for (int i = 0; i < n; i++) {
                w[i] = (short) get(i);
            }
            c16 = w;
        }
        c8 = null;
    }

    /** New arrays of the current width, {@code length} long, holding the counts from {@code at} on. */
    private void resize(int length, int at) {
        if (c32 != null) {
            int[] w = new int[length];
            System.arraycopy(c32, 0, w, at, c32.length);
            c32 = w;
        } else if (c16 != null) {
            short[] w = new short[length];
            System.arraycopy(c16, 0, w, at, c16.length);
            c16 = w;
        } else {
            byte[] w = new byte[length];
            System.arraycopy(c8, 0, w, at, c8.length);
            c8 = w;
        }
    }

    public void add(double seconds) {
        add(clampedIndex(seconds), 1);
    }

    private void add(int index, int count) {
        if (length() == 0) {
            c8 = new byte[8];
            c16 = null;
            c32 = null;
            offset = index - 4;
        } else if (index < offset || index >= offset + length()) {
            grow(index);
        }
        set(index - offset, get(index - offset) + count);
        total += count;
    }

    private void grow(int index) {
        int n = length();
        int lo = Math.min(offset, index);
        int hi = Math.max(offset + n - 1, index);
        int span = hi - lo + 1;
        // Some slack on the growing side so a drifting latency doesn't copy on every sample.
        int slack = Math.max(4, span / 4);
        int newLo = index < offset ? Math.max(MIN_INDEX, lo - slack) : lo;
        int newHi = index < offset ? hi : Math.min(MAX_INDEX, hi + slack);
        resize(newHi - newLo + 1, offset - newLo);
        offset = newLo;
    }

    /** Removes every sample of {@code other}, each of which was added to this sketch before. */
    public void subtract(LatencySketch other) {
        int n = other.length();
        for (int i = 0; i < n; i++) {
            int c = other.get(i);
            if (c != 0) {
                int j = other.offset + i - offset;
                set(j, get(j) - c);
                total -= c;
            }
        }
        if (total == 0) {
            clear(); // give back memory a burst of odd latencies made us take
        }
    }

    public void clear() {
        c8 = EMPTY;
        c16 = null;
        c32 = null;
        offset = 0;
        total = 0;
    }

    public long count() {
        return total;
    }

    /** Buckets currently allocated. */
    public int allocatedBuckets() {
        return length();
    }

    /** What the counts take in memory: buckets times their width (1, 2 or 4 bytes). */
    public int allocatedBytes() {
        return c32 != null ? c32.length * 4 : c16 != null ? c16.length * 2 : c8.length;
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
        int n = length();
        for (int i = 0; i < n; i++) {
            seen += get(i);
            if (seen >= rank) {
                return value(offset + i);
            }
        }
        return value(offset + n - 1);
    }

    @Override
    public String toString() {
        int used = 0;
        for (int i = 0; i < length(); i++) {
            used += get(i) > 0 ? 1 : 0;
        }
        return "LatencySketch[n=" + total + ", buckets=" + used + ", " + allocatedBytes() + " B]";
    }
}
