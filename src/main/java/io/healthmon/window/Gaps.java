package io.healthmon.window;

import java.util.Arrays;

/**
 * The spans of time an endpoint's windows hold no data for because the daemon was not running
 * (from its last checkpoint to the restart that restored it): not up, not down, and not covered.
 * At most {@link #KEEP} are kept, the newest; an older one is of no use to a window once it has
 * slid past it, and a daemon restarted more often than that within its longest window undercounts
 * the oldest gaps (coverage then reads a little high, never a ratio).
 *
 * @param spans start and end epoch milliseconds, in pairs, oldest first
 */
record Gaps(long[] spans) {

    static final int KEEP = 16;
    static final Gaps NONE = new Gaps(new long[0]);

    Gaps {
        if (spans.length % 2 != 0) {
            throw new IllegalArgumentException("gaps come in start/end pairs");
        }
    }

    /** This and a new gap from {@code start} to {@code end}, dropping any that ended before {@code horizon}. */
    Gaps plus(long start, long end, long horizon) {
        if (end <= start) {
            return this;
        }
        long[] kept = new long[spans.length + 2];
        int n = 0;
        for (int i = 0; i < spans.length; i += 2) {
            if (spans[i + 1] > horizon) {
                kept[n++] = spans[i];
                kept[n++] = spans[i + 1];
            }
        }
        kept[n++] = start;
        kept[n++] = end;
        int from = Math.max(0, n - 2 * KEEP);
        return new Gaps(Arrays.copyOfRange(kept, from, n));
    }

    /** Milliseconds of gap between {@code from} and {@code to}. */
    long within(long from, long to) {
        long sum = 0;
        for (int i = 0; i < spans.length; i += 2) {
            long lo = Math.max(from, spans[i]);
            long hi = Math.min(to, spans[i + 1]);
            if (hi > lo) {
                sum += hi - lo;
            }
        }
        return sum;
    }

    int size() {
        return spans.length / 2;
    }

    long start(int i) {
        return spans[2 * i];
    }

    long end(int i) {
        return spans[2 * i + 1];
    }
}
