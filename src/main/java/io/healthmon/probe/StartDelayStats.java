package io.healthmon.probe;

import java.util.function.LongSupplier;
import java.util.Arrays;

/**
 * How late probes start against their schedule, over the last minute: six 10-second slots of a
 * fixed histogram (0.1 ms buckets up to 100 ms, later starts in one open bucket), so the p99 the
 * README quotes is read off real starts and says how the scheduler does now, not at startup.
 * Thread-safe by synchronisation; recording is one increment.
 */
public final class StartDelayStats {

    private static final long BUCKET_NANOS = 100_000;
    private static final int BUCKETS = 1001;
    private static final long SLOT_NANOS = 10_000_000_000L;
    private static final int SLOTS = 6;

    private final LongSupplier nanoTime;
    private final long[][] counts = new long[SLOTS][BUCKETS];
    private final long[] maxNanos = new long[SLOTS];
    private final long origin;
    private long head;
    private long total;

    /** @param nanoTime monotonic time source ({@code System::nanoTime} in production) */
    public StartDelayStats(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.origin = nanoTime.getAsLong();
    }

    public synchronized void record(long delayNanos) {
        int slot = advance();
        long d = Math.max(0, delayNanos);
        counts[slot][(int) Math.min(BUCKETS - 1, d / BUCKET_NANOS)]++;
        maxNanos[slot] = Math.max(maxNanos[slot], d);
        total++;
    }

    /** Clears slots that fell out of the minute; returns the current slot. */
    private int advance() {
        long now = (nanoTime.getAsLong() - origin) / SLOT_NANOS;
        for (long s = Math.max(head + 1, now - SLOTS + 1); s <= now; s++) {
            int i = (int) (s % SLOTS);
            Arrays.fill(counts[i], 0);
            maxNanos[i] = 0;
        }
        head = Math.max(head, now);
        return (int) (head % SLOTS);
    }

    /** Starts recorded since startup. */
    public synchronized long count() {
        return total;
    }

    /** Starts recorded in the last minute. */
    public synchronized long recentCount() {
        advance();
        long n = 0;
        for (long[] slot : counts) {
            for (long c : slot) {
                n += c;
            }
        }
        return n;
    }

    /** The latest start in the last minute, in seconds. */
    public synchronized double maxSeconds() {
        advance();
        long max = 0;
        for (long m : maxNanos) {
            max = Math.max(max, m);
        }
        return max / 1e9;
    }

    /**
     * Upper edge of the bucket holding the nearest-rank quantile over the last minute (the open
     * last bucket reports the max), in seconds; NaN when nothing started in the last minute.
     */
    public synchronized double quantileSeconds(double q) {
        advance();
        long[] merged = new long[BUCKETS];
        long n = 0;
        long max = 0;
        for (int s = 0; s < SLOTS; s++) {
            for (int b = 0; b < BUCKETS; b++) {
                merged[b] += counts[s][b];
                n += counts[s][b];
            }
            max = Math.max(max, maxNanos[s]);
        }
        if (n == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += merged[b];
            if (seen >= rank) {
                return (b == BUCKETS - 1 ? max : Math.min((b + 1) * BUCKET_NANOS, Math.max(max, BUCKET_NANOS))) / 1e9;
            }
        }
        return max / 1e9;
    }
}
