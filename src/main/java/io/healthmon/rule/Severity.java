package io.healthmon.rule;

import java.time.Duration;

/** The runbook's severities, with how soon someone must respond. */
public enum Severity {
    /** Complete outage, data loss: respond immediately. */
    P0(Duration.ZERO),
    /** A feature down, user-visible slowness: within 1 hour. */
    P1(Duration.ofHours(1)),
    /** Within 4 hours. */
    P2(Duration.ofHours(4)),
    /** Within a week. */
    P3(Duration.ofDays(7));

    private final Duration respondWithin;

    Severity(Duration respondWithin) {
        this.respondWithin = respondWithin;
    }

    public Duration respondWithin() {
        return respondWithin;
    }
}
