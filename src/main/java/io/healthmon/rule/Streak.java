package io.healthmon.rule;

import java.time.Instant;

/**
 * An endpoint's run of results as the rule stage sees it.
 *
 * @param consecutiveFailures failed probes in a row, 0 after a success
 * @param lastOutcome         the latest probe's outcome (e.g. "timeout"), null before the first
 * @param lastLatencySeconds  the latest probe's latency, NaN when it has none (before the first,
 *                            or a failure with no answer to time)
 * @param lastStatus          the latest probe's HTTP status, 0 when no answer came
 * @param lastMessage         the latest probe's explanation (an incident's timeline keeps it as evidence)
 * @param lastAt              when the latest probe started; null before the first
 */
public record Streak(State state, long consecutiveFailures, String lastOutcome, double lastLatencySeconds, int lastStatus,
                     String lastMessage, Instant lastAt) {

    public enum State { UNKNOWN, UP, DOWN }

    public Streak(State state, long consecutiveFailures, String lastOutcome, double lastLatencySeconds) {
        this(state, consecutiveFailures, lastOutcome, lastLatencySeconds, 0, null, null);
    }

    public Streak(State state, long consecutiveFailures, String lastOutcome) {
        this(state, consecutiveFailures, lastOutcome, Double.NaN);
    }

    /** Whether the latest probe failed. */
    public boolean lastFailed() {
        return consecutiveFailures > 0;
    }
}
