package io.healthmon.window;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Log-bucketed latency histogram (the DDSketch idea): every bucket spans a constant ratio, so any
 * quantile read back is within {@link #RELATIVE_ACCURACY} of the exact sample at that rank, and the
 * memory it takes depends on the spread of latencies, never on how many were recorded.
 *
 * <p>A window's aggregate keeps a cursor on each quantile it reports ({@link #TRACKED}): its bucket
 * and the samples below it, moved as samples come and go. A read then steps from where the cursor
 * was (usually not at all) instead of walking every bucket: a window is read on every probe.
 *
 * <p>Not thread-safe: the owner synchronises.
 */
public final class LatencySketch {

    /** The quantiles a window reports, and a tracking sketch keeps cursors on. */
    static final double[] TRACKED = {0.50, 0.95, 0.99};

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
    /** What each bucket reports, computed once (a pow per read added up at thousands of reads a second). */
    private static final double[] VALUES = new double[MAX_BUCKETS];

    static {
        for (int i = 0; i < MAX_BUCKETS; i++) {
            VALUES[i] = 2 * Math.pow(GAMMA, MIN_INDEX + i) / (GAMMA + 1);
        }
    }

    /*
     * counts of bucket (offset + i), grown on demand to cover what was recorded, in the narrowest
     * width that holds them: a byte[] while no count exceeds 255, then a short[] (65,535), then an
     * int[]. A slot of a short window holds a few probes, one of the 30d window hundreds of
     * thousands; most sketches stay a byte wide, a quarter of what ints cost. One field holds
     * whichever array is in use (three fields cost 8 bytes more in each of the ~100 sketches an
     * endpoint keeps).
     */
    private Object counts = EMPTY;
    private int offset;
    /** An int like the counts: probes are at least a second apart, so a 90-day window holds under 8 million. */
    private int total;
    /**
     * Null, or for tracked quantile k: [2k] its bucket (absolute index), [2k+1] how many samples lie
     * in buckets below it. Exact after every change; the bucket is settled on read ({@link #locate}).
     */
    private final int[] cursors;

    /** A sketch that walks its buckets for a quantile (a window's slots: never asked for one). */
    public LatencySketch() {
        this.cursors = null;
    }

    private LatencySketch(boolean tracking) {
        this.cursors = tracking ? new int[2 * TRACKED.length] : null;
    }

    /** A sketch that keeps cursors on the {@link #TRACKED} quantiles (a window's aggregate). */
    public static LatencySketch tracking() {
        return new LatencySketch(true);
    }

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
        return VALUES[index - MIN_INDEX];
    }

    private int length() {
        return buckets(counts);
    }

    /** Bytes per count: 1, 2 or 4. */
    private int width() {
        Object c = counts;
        return c instanceof byte[] ? 1 : c instanceof short[] ? 2 : 4;
    }

    private int get(int i) {
        Object c = counts;
        return c instanceof byte[] b ? b[i] & 0xFF : c instanceof short[] s ? s[i] & 0xFFFF : ((int[]) c)[i];
    }

    private void set(int i, int v) {
        Object c = counts;
        if (c instanceof byte[] b) {
            if (v > 0xFF) {
                widen(v > 0xFFFF ? 4 : 2);
                set(i, v);
            } else {
                b[i] = (byte) v;
            }
        } else if (c instanceof short[] s) {
            if (v > 0xFFFF) {
                widen(4);
                ((int[]) counts)[i] = v;
            } else {
                s[i] = (short) v;
            }
        } else {
            ((int[]) c)[i] = v;
        }
    }

    /** Copies the counts into an array of {@code bytes} per count. */
    private void widen(int bytes) {
        int n = length();
        Object w = allocate(bytes, n);
        for (int i = 0; i < n; i++) {
            put(w, i, get(i));
        }
        counts = w;
    }

    private static Object allocate(int width, int length) {
        return width == 1 ? new byte[length] : width == 2 ? new short[length] : new int[length];
    }

    private static void put(Object array, int i, int v) {
        if (array instanceof byte[] b) {
            b[i] = (byte) v;
        } else if (array instanceof short[] s) {
            s[i] = (short) v;
        } else {
            ((int[]) array)[i] = v;
        }
    }

    /** A new array of the current width, {@code length} long, holding counts {@code from..} at {@code at}. */
    private void resize(int length, int from, int at, int n) {
        Object w = allocate(width(), length);
        System.arraycopy(counts, from, w, at, n);
        counts = w;
    }

    public void add(double seconds) {
        add(clampedIndex(seconds), 1);
    }

    private void add(int index, int count) {
        if (length() == 0) {
            counts = new byte[8];
            offset = index - 4;
        } else if (index < offset || index >= offset + length()) {
            grow(index);
        }
        set(index - offset, get(index - offset) + count);
        total += count;
        if (cursors != null) {
            for (int k = 0; k < cursors.length; k += 2) {
                if (total == count) { // was empty: any bucket with nothing below it is a valid start
                    cursors[k] = index;
                    cursors[k + 1] = 0;
                } else if (index < cursors[k]) {
                    cursors[k + 1] += count;
                }
            }
        }
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
        resize(newHi - newLo + 1, 0, offset - newLo, n);
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
                if (cursors != null) {
                    for (int k = 0; k < cursors.length; k += 2) {
                        if (j + offset < cursors[k]) {
                            cursors[k + 1] -= c;
                        }
                    }
                }
            }
        }
        if (total == 0) {
            clear(); // give back memory a burst of odd latencies made us take
        }
    }

    /**
     * Gives back the slack around the buckets in use (a slot that stopped filling keeps only what
     * it holds: a quarter or so of its array was room to grow).
     */
    public void trim() {
        giveBack(1);
    }

    /**
     * Gives back the room around the buckets in use once it is an eighth of the array or more (a
     * window's total, as its old slots expire: it grows with slack and would otherwise keep the
     * widest range it ever held).
     */
    public void trimSlack() {
        giveBack(Math.max(8, length() / 8));
    }

    /** Drops the unused buckets at both ends once there are {@code atLeast} of them; an array with none in use goes whole. */
    private void giveBack(int atLeast) {
        int n = length();
        int lo = firstUsed();
        if (lo == n) {
            clear();
            return;
        }
        int hi = lastUsed(lo);
        if (lo + (n - 1 - hi) >= atLeast) {
            resize(hi - lo + 1, lo, 0, hi - lo + 1);
            offset += lo;
            restartCursors();
        }
    }

    /** Puts every cursor on the first bucket, nothing below it: always valid, settled on the next read. */
    private void restartCursors() {
        if (cursors != null) {
            for (int k = 0; k < cursors.length; k += 2) {
                cursors[k] = offset;
                cursors[k + 1] = 0;
            }
        }
    }

    /**
     * Makes this sketch a view on another's stored counts (a window's slot keeps only its counts
     * array and first bucket, not a sketch object: a hundred objects an endpoint saved). The view's
     * total is not kept: a slot's sketch is added to, trimmed, written and subtracted, never asked
     * for a quantile. Store it back with {@link #countsArray()} and {@link #firstBucket()}.
     */
    void view(Object storedCounts, int storedOffset) {
        counts = storedCounts == null ? EMPTY : storedCounts;
        offset = storedOffset;
        total = 0;
        restartCursors();
    }

    /**
     * Makes an empty sketch hold room for {@code buckets} buckets from {@code first} (a slot starting
     * where the one before it ended up), and an eighth more on either side: a sketch grown from
     * nothing sample by sample copies its array many times over while the usual spread of
     * latencies fills in, and a slot's few samples seldom fall just where the last slot's did.
     *
     * @param spare a counts array no sketch uses any more (the expired slot this one replaces), taken
     *              over, cleared, when it is long enough: each new array outlives a young collection
     *              (a slot lasts seconds or more), so each is promoted, and its predecessor is garbage
     *              in the old generation. Null: none.
     */
    void reserve(int first, int buckets, Object spare) {
        if (length() != 0 || buckets <= 0 || first < MIN_INDEX || first + buckets - 1 > MAX_INDEX) {
            return;
        }
        int pad = Math.max(2, buckets / 8);
        int lo = Math.max(MIN_INDEX, first - pad);
        int hi = Math.min(MAX_INDEX, first + buckets - 1 + pad);
        int n = hi - lo + 1;
        int have = buckets(spare);
        if (have >= n) {
            zero(spare);
            counts = spare;
            // the wanted range in the middle of the array, which must stay within what can be told apart
            offset = Math.max(MIN_INDEX, Math.min(MAX_INDEX - have + 1, lo - (have - n) / 2));
        } else {
            counts = new byte[n];
            offset = lo;
        }
    }

    private static void zero(Object array) {
        if (array instanceof byte[] b) {
            Arrays.fill(b, (byte) 0);
        } else if (array instanceof short[] sh) {
            Arrays.fill(sh, (short) 0);
        } else {
            Arrays.fill((int[]) array, 0);
        }
    }

    /** How many buckets a stored counts array (see {@link #countsArray}) holds. */
    static int buckets(Object storedCounts) {
        return storedCounts instanceof byte[] b ? b.length : storedCounts instanceof short[] s ? s.length
                : storedCounts instanceof int[] i ? i.length : 0;
    }

    /** The counts array to store for {@link #view}; null when empty. */
    Object countsArray() {
        return length() == 0 ? null : counts;
    }

    int firstBucket() {
        return offset;
    }

    /** The index of the first non-zero count; the length when there is none. */
    private int firstUsed() {
        int n = length();
        int lo = 0;
        while (lo < n && get(lo) == 0) {
            lo++;
        }
        return lo;
    }

    /** The index of the last non-zero count at or after {@code from}; {@code from - 1} when there is none. */
    private int lastUsed(int from) {
        int hi = length() - 1;
        while (hi >= from && get(hi) == 0) {
            hi--;
        }
        return hi;
    }

    /** Adds every sample of {@code other}. */
    public void addAll(LatencySketch other) {
        int n = other.length();
        for (int i = 0; i < n; i++) {
            int c = other.get(i);
            if (c != 0) {
                add(other.offset + i, c);
            }
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

    /** Buckets currently allocated. */
    public int allocatedBuckets() {
        return length();
    }

    /** What the counts take in memory: buckets times their width (1, 2 or 4 bytes). */
    public int allocatedBytes() {
        return length() * width();
    }

    /** Writes the buckets in use (a checkpoint): first index, count of buckets, width, counts. */
    void writeTo(DataOutput out) throws IOException {
        int lo = firstUsed();
        int hi = lastUsed(lo);
        out.writeInt(offset + lo);
        out.writeShort(hi - lo + 1);
        int w = width();
        out.writeByte(w);
        if (counts instanceof byte[] b) { // most sketches: one call, not one a bucket
            out.write(b, lo, hi - lo + 1);
            return;
        }
        for (int i = lo; i <= hi; i++) {
            int c = get(i);
            if (w == 1) {
                out.writeByte(c);
            } else if (w == 2) {
                out.writeShort(c);
            } else {
                out.writeInt(c);
            }
        }
    }

    /** Replaces this sketch's samples with those {@link #writeTo} wrote; refuses what no sketch can hold. */
    void readFrom(DataInput in) throws IOException {
        int first = in.readInt();
        int n = in.readUnsignedShort();
        int w = in.readUnsignedByte();
        if (n > MAX_BUCKETS || (n > 0 && (first < MIN_INDEX || first + n - 1 > MAX_INDEX)) || (w != 1 && w != 2 && w != 4)) {
            throw new IOException("latency sketch out of range (first bucket " + first + ", " + n + " buckets, " + w + " bytes each)");
        }
        clear();
        if (n == 0) {
            return;
        }
        Object a = allocate(w, n);
        long sum = 0;
        for (int i = 0; i < n; i++) {
            int c = w == 1 ? in.readUnsignedByte() : w == 2 ? in.readUnsignedShort() : in.readInt();
            if (c < 0 || sum + c > Integer.MAX_VALUE) {
                throw new IOException("count out of range in a latency sketch");
            }
            put(a, i, c);
            sum += c;
        }
        counts = a;
        offset = first;
        total = (int) sum;
        restartCursors();
        if (total == 0) {
            clear();
        }
    }

    /**
     * The nearest-rank quantile: the value of the ceil(q * n)-th smallest sample, to within the
     * relative accuracy. NaN when empty.
     */
    public double quantile(double q) {
        if (total == 0) {
            return Double.NaN;
        }
        if (cursors != null) {
            for (int k = 0; k < TRACKED.length; k++) {
                if (TRACKED[k] == q) {
                    return value(locate(k));
                }
            }
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

    /**
     * Moves cursor k to the bucket of its quantile's nearest-rank sample (the first bucket whose
     * running count reaches the rank) and returns that bucket. Steps only as far as the samples
     * added and removed since the last read moved it; the exact count below makes each step safe.
     */
    private int locate(int k) {
        long rank = Math.max(1, (long) Math.ceil(TRACKED[k] * total));
        int i = cursors[2 * k] - offset;
        long below = cursors[2 * k + 1];
        while (below + get(i) < rank) { // ends: all the samples (total >= rank) lie at or before the last bucket
            below += get(i);
            i++;
        }
        while (below >= rank) { // ends: a sample lies below i
            i--;
            below -= get(i);
        }
        cursors[2 * k] = offset + i;
        cursors[2 * k + 1] = (int) below;
        return offset + i;
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
