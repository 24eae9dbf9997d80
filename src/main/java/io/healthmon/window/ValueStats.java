package io.healthmon.window;

import java.time.Instant;
import java.util.Map;

/**
 * A number an endpoint reports in its body (database CPU, memory usage): the last value seen and
 * its maximum over each window (NaN where nothing was reported within it).
 */
public record ValueStats(String name, double last, Instant lastAt, Map<String, Double> maxByWindow) {
}
