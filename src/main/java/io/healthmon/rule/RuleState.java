package io.healthmon.rule;

import java.time.Duration;
import java.time.Instant;

/**
 * The state machine of one rule on one endpoint: inactive -> pending -> firing -> (resolved)
 * inactive. Pure and clock-free: the caller passes the time of each evaluation.
 */
public final class RuleState {

    public enum Phase { INACTIVE, PENDING, FIRING }

    /** What one evaluation changed. */
    public enum Transition { NONE, PENDING, FIRED, RESOLVED }

    private final Duration forDuration;
    private final Duration keepFiringFor;
    private Phase phase = Phase.INACTIVE;
    private Instant pendingSince;
    private Instant firingSince;
    private Instant clearSince;

    public RuleState(Duration forDuration, Duration keepFiringFor) {
        this.forDuration = forDuration;
        this.keepFiringFor = keepFiringFor;
    }

    /** Restores a firing state (after a restart): the rule resolves only once it is seen clear. */
    public static RuleState firing(Duration forDuration, Duration keepFiringFor, Instant since) {
        RuleState s = new RuleState(forDuration, keepFiringFor);
        s.phase = Phase.FIRING;
        s.pendingSince = since;
        s.firingSince = since;
        return s;
    }

    public Transition step(Evaluation e, Instant now) {
        switch (phase) {
            case INACTIVE:
                if (!e.breached()) {
                    return Transition.NONE;
                }
                pendingSince = now;
                if (forDuration.isZero()) {
                    return fire(now);
                }
                phase = Phase.PENDING;
                return Transition.PENDING;
            case PENDING:
                if (!e.breached()) {
                    phase = Phase.INACTIVE;
                    pendingSince = null;
                    return Transition.NONE;
                }
                return Duration.between(pendingSince, now).compareTo(forDuration) >= 0 ? fire(now) : Transition.NONE;
            case FIRING:
            default:
                if (!e.clear() || e.breached()) {
                    clearSince = null;
                    return Transition.NONE;
                }
                if (clearSince == null) {
                    clearSince = now;
                }
                if (Duration.between(clearSince, now).compareTo(keepFiringFor) >= 0) {
                    phase = Phase.INACTIVE;
                    pendingSince = null;
                    firingSince = null;
                    clearSince = null;
                    return Transition.RESOLVED;
                }
                return Transition.NONE;
        }
    }

    private Transition fire(Instant now) {
        phase = Phase.FIRING;
        firingSince = now;
        clearSince = null;
        return Transition.FIRED;
    }

    public Phase phase() {
        return phase;
    }

    public Instant firingSince() {
        return firingSince;
    }
}
