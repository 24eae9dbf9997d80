package io.healthmon.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.healthmon.rule.RuleState.Phase;
import io.healthmon.rule.RuleState.Transition;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The state machine, one evaluation per tick. */
class RuleStateTest {

    private static final Evaluation BREACHED = new Evaluation(true, false, 3, 2, () -> "breached");
    private static final Evaluation CLEAR = new Evaluation(false, true, 1, 2, () -> "clear");
    private static final Evaluation BETWEEN = new Evaluation(false, false, 1.5, 2, () -> "not breached, not yet clear");

    /** The long window still breaches, but the newest result on its own no longer shows the problem. */
    private static final Evaluation LINGERING = new Evaluation(true, false, false, 3, 2, () -> "breached", () -> "clear");

    private final Instant t0 = Instant.parse("2027-01-01T00:00:00Z");

    private Instant t(int seconds) {
        return t0.plusSeconds(seconds);
    }

    @Test
    void firesAtOnceWithoutAForDuration() {
        RuleState s = new RuleState(Duration.ZERO, Duration.ZERO);
        assertEquals(Transition.NONE, s.step(CLEAR, t(0)));
        assertEquals(Transition.FIRED, s.step(BREACHED, t(10)));
        assertEquals(t(10), s.firingSince());
        assertEquals(Transition.NONE, s.step(BREACHED, t(20)));
        assertEquals(Transition.RESOLVED, s.step(CLEAR, t(30)));
        assertEquals(Phase.INACTIVE, s.phase());
    }

    @Test
    void waitsForTheForDurationInPendingAndForgetsABlip() {
        RuleState s = new RuleState(Duration.ofSeconds(60), Duration.ZERO);
        assertEquals(Transition.PENDING, s.step(BREACHED, t(0)));
        assertEquals(Transition.NONE, s.step(BREACHED, t(50)));
        assertEquals(Transition.NONE, s.step(CLEAR, t(55)));
        assertEquals(Phase.INACTIVE, s.phase(), "a breach shorter than 'for' never fires");
        assertEquals(Transition.PENDING, s.step(BREACHED, t(60)));
        assertEquals(Transition.NONE, s.step(BREACHED, t(110)));
        assertEquals(Transition.FIRED, s.step(BREACHED, t(120)));
    }

    @Test
    void resolvesOnlyAfterStayingClearForKeepFiringFor() {
        RuleState s = new RuleState(Duration.ZERO, Duration.ofSeconds(60));
        s.step(BREACHED, t(0));
        assertEquals(Transition.NONE, s.step(CLEAR, t(10)));
        assertEquals(Transition.NONE, s.step(BREACHED, t(40)), "breached again: the hold starts over");
        assertEquals(Transition.NONE, s.step(CLEAR, t(50)));
        assertEquals(Transition.NONE, s.step(CLEAR, t(100)));
        assertEquals(Transition.RESOLVED, s.step(CLEAR, t(110)));
    }

    @Test
    void neitherBreachedNorClearKeepsFiring() {
        RuleState s = new RuleState(Duration.ZERO, Duration.ZERO);
        s.step(BREACHED, t(0));
        for (int i = 1; i < 100; i++) {
            assertEquals(Transition.NONE, s.step(BETWEEN, t(i * 10)));
        }
        assertEquals(Phase.FIRING, s.phase());
    }

    @Test
    void aRestoredFiringStateResolvesWhenClear() {
        RuleState s = RuleState.firing(Duration.ZERO, Duration.ZERO, t(-600));
        assertEquals(Phase.FIRING, s.phase());
        assertEquals(Transition.NONE, s.step(BREACHED, t(0)), "already notified: no second FIRED");
        assertEquals(Transition.RESOLVED, s.step(CLEAR, t(10)));
    }

    /**
     * A one-minute hold needs a result showing the problem within the last 30 s, or the pending
     * rule goes back to inactive: B = breached with evidence, L = breached on a lingering window only.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "0B 20L 30L 60B      | PENDING NONE NONE FIRED",
            "0B 20L 31L 60B      | PENDING NONE NONE PENDING",
            "0B 30B 50L 60L      | PENDING NONE NONE FIRED",
            "0B 29B 50L 60L      | PENDING NONE NONE NONE",
            "0L 10L 70L          | NONE NONE NONE",
            "0B 40L 45B 105B     | PENDING NONE PENDING FIRED",
    })
    void aPendingRuleNeedsFreshEvidenceToFire(String steps, String expected) {
        RuleState s = new RuleState(Duration.ofSeconds(60), Duration.ZERO);
        StringBuilder got = new StringBuilder();
        for (String step : steps.trim().split(" +")) {
            int at = Integer.parseInt(step.substring(0, step.length() - 1));
            Evaluation e = step.endsWith("B") ? BREACHED : LINGERING;
            got.append(got.length() == 0 ? "" : " ").append(s.step(e, t(at)));
        }
        assertEquals(expected.trim(), got.toString());
    }

    @Test
    void aRuleWithoutHoldFiresOnItsWindowAlone() {
        RuleState s = new RuleState(Duration.ZERO, Duration.ZERO);
        assertEquals(Transition.FIRED, s.step(LINGERING, t(0)), "no hold: nothing to go stale");
    }
}
