package io.healthmon.rule;

import java.util.function.Supplier;

/**
 * A condition checked once. {@code breached} and {@code clear} are not simple opposites: a rule
 * may breach on one window and clear on another, and with no data it does neither.
 *
 * @param value       the measured value (NaN without data), shown against the threshold
 * @param threshold   the threshold it was compared with
 * @param description e.g. "p95 over 5m 2.31 s > 2 s"; a supplier because rules run on every probe
 *                    result and the words are needed only when an incident changes
 */
public record Evaluation(boolean breached, boolean clear, double value, double threshold, Supplier<String> description) {

    public static Evaluation noData(double threshold, Supplier<String> description) {
        return new Evaluation(false, false, Double.NaN, threshold, description);
    }

    public String text() {
        return description.get();
    }
}
