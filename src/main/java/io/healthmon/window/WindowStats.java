package io.healthmon.window;

import java.time.Duration;

/**
 * What one sliding window says about one endpoint. Quantiles are in seconds and NaN when the
 * window holds no latency; ratios are NaN when it holds no probe.
 */
public record WindowStats(
        Duration window,
        long probes,
        long failures,
        double p50Seconds,
        double p95Seconds,
        double p99Seconds,
        double errorRatio,
        double availabilityRatio) {

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
