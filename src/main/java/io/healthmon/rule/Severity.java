package io.healthmon.rule;

/**
 * The runbook's severities. How soon someone must respond is in the notifications' words
 * ({@code Messages.respondWithin}).
 */
public enum Severity {
    /** Complete outage, data loss: respond immediately. */
    P0,
    /** A feature down, user-visible slowness: within 1 hour. */
    P1,
    /** Within 4 hours. */
    P2,
    /** Within a week. */
    P3
}
