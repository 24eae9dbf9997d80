package io.healthmon.window;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

/**
 * The maximum of a reported value over the last {@code length}, as a ring of per-slot maxima
 * (a maximum cannot be subtracted, so a read folds the ring: a dozen doubles).
 *
 * <p>Not thread-safe: the owner synchronises.
 */
final class MaxWindow {

    private final long slotMillis;
    private final double[] ring;
    private long head = Long.MIN_VALUE;

    MaxWindow(Duration length, int slots) {
        this.slotMillis = length.toMillis() / slots;
        this.ring = new double[slots];
        Arrays.fill(ring, Double.NaN);
    }

    void record(long epochMillis, double value) {
        advance(epochMillis);
        int i = (int) Math.floorMod(head, (long) ring.length);
        ring[i] = Double.isNaN(ring[i]) ? value : Math.max(ring[i], value);
    }

    private void advance(long epochMillis) {
        long index = Math.floorDiv(epochMillis, slotMillis);
        if (head == Long.MIN_VALUE) {
            head = index;
            return;
        }
        if (index <= head) {
            return;
        }
        long steps = Math.min(index - head, ring.length);
        for (long i = index - steps + 1; i <= index; i++) {
            ring[(int) Math.floorMod(i, (long) ring.length)] = Double.NaN;
        }
        head = index;
    }

    /** NaN when nothing was reported within the window. */
    double max(long epochMillis) {
        advance(epochMillis);
        double max = Double.NaN;
        for (double v : ring) {
            if (!Double.isNaN(v)) {
                max = Double.isNaN(max) ? v : Math.max(max, v);
            }
        }
        return max;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(head);
        for (double v : ring) {
            out.writeDouble(v);
        }
    }

    /** Replaces the maxima with what {@link #writeTo} wrote for a window of the same length and slots. */
    void readFrom(DataInput in) throws IOException {
        head = in.readLong();
        for (int i = 0; i < ring.length; i++) {
            ring[i] = in.readDouble();
        }
    }
}
