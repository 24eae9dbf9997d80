package io.healthmon.window;

import java.time.Duration;

/**
 * What one sliding window says about one endpoint. Quantiles are in seconds and NaN when the
 * window holds no latency; ratios are NaN when it holds no probe. {@code covered} is how much of
 * the window holds data: less than its length until it has been watched that long (after a start,
 * or once it emptied), so a figure over a 3-day window two minutes after startup says so.
 */
public record WindowStats(
        Duration window,
        long probes,
        long failures,
        double p50Seconds,
        double p95Seconds,
        double p99Seconds,
        double errorRatio,
        double availabilityRatio,
        Duration covered) {

    /** A window that holds data over its whole length. */
    public WindowStats(Duration window, long probes, long failures, double p50Seconds, double p95Seconds, double p99Seconds,
                       double errorRatio, double availabilityRatio) {
        this(window, probes, failures, p50Seconds, p95Seconds, p99Seconds, errorRatio, availabilityRatio, window);
    }

    /** Whether it holds data over less than its length. */
    public boolean partial() {
        return covered.compareTo(window) < 0;
    }

    public double quantile(double q) {
        if (q == 0.5) {
            return p50Seconds;
        }
        if (q == 0.95) {
            return p95Seconds;
        }
        if (q == 0.99) {
            return p99Seconds;
        }
        throw new IllegalArgumentException("only p50, p95 and p99 are kept, not " + q);
    }
}
