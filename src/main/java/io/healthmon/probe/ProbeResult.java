package io.healthmon.probe;

import java.time.Instant;
import java.util.Map;

/**
 * One probe of one endpoint.
 *
 * @param endpoint   configured endpoint name
 * @param startedAt  wall-clock start (from the injected clock)
 * @param latencyNanos monotonic time from start to the result (connect + response + body)
 * @param outcome    the class of the result
 * @param httpStatus the status code received, 0 when no response arrived
 * @param message    a short human explanation; never contains a configured secret
 * @param values     named numbers read from the body (only those present and numeric)
 * @param weightSeconds the time this result stands for in time-weighted ratios: the cadence the
 *                   endpoint was probed at (its interval, or the recovery interval while failing)
 */
public record ProbeResult(
        String endpoint,
        Instant startedAt,
        long latencyNanos,
        Outcome outcome,
        int httpStatus,
        String message,
        Map<String, Double> values,
        double weightSeconds) {

    public ProbeResult {
        values = Map.copyOf(values);
        if (!(weightSeconds > 0)) {
            throw new IllegalArgumentException("weight must be positive, got " + weightSeconds);
        }
    }

    /** A result standing for one second (tests, and the prober before the scheduler weighs it). */
    public ProbeResult(String endpoint, Instant startedAt, long latencyNanos, Outcome outcome, int httpStatus,
                       String message, Map<String, Double> values) {
        this(endpoint, startedAt, latencyNanos, outcome, httpStatus, message, values, 1.0);
    }

    public ProbeResult withWeight(double seconds) {
        return new ProbeResult(endpoint, startedAt, latencyNanos, outcome, httpStatus, message, values, seconds);
    }

    public double latencySeconds() {
        return latencyNanos / 1e9;
    }

    public boolean ok() {
        return outcome.ok();
    }
}
