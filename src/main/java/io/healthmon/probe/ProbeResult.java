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
 */
public record ProbeResult(
        String endpoint,
        Instant startedAt,
        long latencyNanos,
        Outcome outcome,
        int httpStatus,
        String message,
        Map<String, Double> values) {

    public ProbeResult {
        values = Map.copyOf(values);
    }

    public double latencySeconds() {
        return latencyNanos / 1e9;
    }

    public boolean ok() {
        return outcome.ok();
    }
}
