package io.healthmon.rule;

import java.util.function.Supplier;

/**
 * A condition checked once. {@code breached} and {@code clear} are not simple opposites: a rule
 * may breach on one window and clear on another, and with no data it does neither.
 *
 * @param evidence    whether the newest result on its own shows the problem (this probe failed, this
 *                    answer was slower than the threshold): a long window keeps breaching for minutes
 *                    after the problem ended, so a pending rule needs fresh evidence to fire
 * @param value       the measured value (NaN without data), shown against the threshold
 * @param threshold   the threshold it was compared with
 * @param description e.g. "p95 over 5m 2.31 s > 2 s"; a supplier because rules run on every probe
 *                    result and the words are needed only when an incident changes
 * @param recovery    how the same check reads once clear, e.g. "p95 over 1m back to 0.12 s"
 */
public record Evaluation(boolean breached, boolean clear, boolean evidence, double value, double threshold,
                         Supplier<String> description, Supplier<String> recovery) {

    /** An evaluation whose newest result is evidence exactly when it breaches, read the same when clear. */
    public Evaluation(boolean breached, boolean clear, double value, double threshold, Supplier<String> description) {
        this(breached, clear, breached, value, threshold, description, description);
    }

    public static Evaluation noData(double threshold, Supplier<String> description) {
        return new Evaluation(false, false, Double.NaN, threshold, description);
    }

    public String text() {
        return description.get();
    }

    public String recoveryText() {
        return recovery.get();
    }
}
