package io.healthmon.window;

import java.time.LocalDate;

/**
 * One UTC day of an endpoint: the probe time that was up and the probe time watched (each result
 * counting the cadence it was taken at; time the daemon was down counts neither way).
 */
public record DayAvailability(LocalDate date, double upSeconds, double watchedSeconds) {

    /** Up over watched; NaN for a day nothing was probed. */
    public double availability() {
        return watchedSeconds > 0 ? upSeconds / watchedSeconds : Double.NaN;
    }
}
