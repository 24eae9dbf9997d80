package io.healthmon.probe;

/**
 * How late probes start against their schedule: a fixed histogram of 0.1 ms buckets up to 1 s
 * (later starts share the last bucket), so the p99 the README quotes is read off real starts.
 * Thread-safe by synchronisation; recording is one increment.
 */
public final class StartDelayStats {

    private static final long BUCKET_NANOS = 100_000;
    private final long[] buckets = new long[10_001];
    private long count;
    private long maxNanos;

    public synchronized void record(long delayNanos) {
        long d = Math.max(0, delayNanos);
        buckets[(int) Math.min(buckets.length - 1, d / BUCKET_NANOS)]++;
        count++;
        maxNanos = Math.max(maxNanos, d);
    }

    public synchronized long count() {
        return count;
    }

    public synchronized double maxSeconds() {
        return maxNanos / 1e9;
    }

    /** Upper edge of the bucket holding the nearest-rank quantile (at most the max), in seconds; NaN when empty. */
    public synchronized double quantileSeconds(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                // The last bucket is open-ended: its only honest upper edge is the largest delay seen.
                return (i == buckets.length - 1 ? maxNanos : Math.min((i + 1) * BUCKET_NANOS, Math.max(maxNanos, BUCKET_NANOS))) / 1e9;
            }
        }
        return maxNanos / 1e9;
    }
}
