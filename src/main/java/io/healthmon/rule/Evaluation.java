package io.healthmon.rule;

/**
 * A condition checked once. {@code breached} and {@code clear} are not simple opposites: a rule
 * may breach on one window and clear on another, and with no data it does neither.
 *
 * @param value     the measured value (NaN without data), shown against the threshold
 * @param threshold the threshold it was compared with
 * @param text      e.g. "p95 over 5m 2.31 s > 2 s"
 */
public record Evaluation(boolean breached, boolean clear, double value, double threshold, String text) {

    public static Evaluation noData(double threshold, String text) {
        return new Evaluation(false, false, Double.NaN, threshold, text);
    }
}
