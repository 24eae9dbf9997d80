package io.healthmon.rule;

import java.time.Duration;
import java.time.Instant;

/**
 * The state machine of one rule on one endpoint: inactive -> pending -> firing -> (resolved)
 * inactive. Pure and clock-free: the caller passes the time of each evaluation.
 *
 * <p>A rule with a {@code for} hold fires only on a problem that is still being seen: the window
 * it breaches on (5m, say) keeps a problem for minutes after it ended, so a pending rule goes back
 * to inactive once no result on its own has shown the problem for half its hold. A 25-second
 * slowdown then never fires a one-minute rule, instead of firing 35 seconds after it ended.
 */
public final class RuleState {

    public enum Phase { INACTIVE, PENDING, FIRING }

    /** What one evaluation changed. */
    public enum Transition { NONE, PENDING, FIRED, RESOLVED }

    private final Duration forDuration;
    private final Duration keepFiringFor;
    /** How old the newest evidence may be for a pending rule to stay pending (and to fire). */
    private final Duration freshness;
    private Phase phase = Phase.INACTIVE;
    private Instant pendingSince;
    private Instant firingSince;
    private Instant clearSince;
    /** When a result last showed the problem on its own. */
    private Instant evidenceAt;

    public RuleState(Duration forDuration, Duration keepFiringFor) {
        this.forDuration = forDuration;
        this.keepFiringFor = keepFiringFor;
        // in nanoseconds where they fit: Duration.dividedBy goes through BigDecimal, and a state is
        // made for every rule on every endpoint as the first results come in
        this.freshness = forDuration.getSeconds() < Long.MAX_VALUE / 1_000_000_000L
                ? Duration.ofNanos(forDuration.toNanos() / 2) : forDuration.dividedBy(2);
    }

    /** Restores a firing state (after a restart): the rule resolves only once it is seen clear. */
    public static RuleState firing(Duration forDuration, Duration keepFiringFor, Instant since) {
        RuleState s = new RuleState(forDuration, keepFiringFor);
        s.phase = Phase.FIRING;
        s.pendingSince = since;
        s.firingSince = since;
        return s;
    }

    /** When the rule started breaching (pending, then firing); null while inactive. */
    public Instant pendingSince() {
        return pendingSince;
    }

    public Transition step(Evaluation e, Instant now) {
        if (e.evidence()) {
            evidenceAt = now;
        }
        switch (phase) {
            case INACTIVE:
                if (!e.breached() || !fresh(now)) {
                    return Transition.NONE;
                }
                pendingSince = now;
                if (forDuration.isZero()) {
                    return fire(now);
                }
                phase = Phase.PENDING;
                return Transition.PENDING;
            case PENDING:
                if (!e.breached() || !fresh(now)) {
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

    /** Whether the problem was seen recently enough to hold (a rule with no hold needs nothing more than its breach). */
    private boolean fresh(Instant now) {
        return forDuration.isZero()
                || evidenceAt != null && Duration.between(evidenceAt, now).compareTo(freshness) <= 0;
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

    /** Whether a firing rule is currently seen clear (it resolves once clear for its keep-firing hold). */
    public boolean clearing() {
        return phase == Phase.FIRING && clearSince != null;
    }
}
