package io.healthmon.rule;

/**
 * An endpoint's run of results as the rule stage sees it.
 *
 * @param consecutiveFailures failed probes in a row, 0 after a success
 * @param lastOutcome         the latest probe's outcome (e.g. "timeout"), null before the first
 */
public record Streak(State state, long consecutiveFailures, String lastOutcome) {

    public enum State { UNKNOWN, UP, DOWN }

}
