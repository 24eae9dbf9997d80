package io.healthmon.rule;

/**
 * An endpoint's run of results as the rule stage sees it.
 *
 * @param consecutiveFailures failed probes in a row, 0 after a success
 * @param lastOutcome         the latest probe's outcome (e.g. "timeout"), null before the first
 * @param lastLatencySeconds  the latest probe's latency, NaN when it has none (before the first,
 *                            or a failure with no answer to time)
 */
public record Streak(State state, long consecutiveFailures, String lastOutcome, double lastLatencySeconds) {

    public enum State { UNKNOWN, UP, DOWN }

    public Streak(State state, long consecutiveFailures, String lastOutcome) {
        this(state, consecutiveFailures, lastOutcome, Double.NaN);
    }

    /** Whether the latest probe failed. */
    public boolean lastFailed() {
        return consecutiveFailures > 0;
    }
}
