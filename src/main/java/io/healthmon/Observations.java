package io.healthmon;

import io.healthmon.probe.ProbeHistory;
import io.healthmon.rule.Observation;
import io.healthmon.rule.Platform;
import io.healthmon.rule.Streak;
import io.healthmon.window.EndpointWindows;
import java.util.LinkedHashMap;
import java.util.Map;

/** The rule stage's input, read off the probe and window stages: the one place that knows all three. */
public final class Observations {

    private Observations() {
    }

    public static Observation of(ProbeHistory.View v, EndpointWindows w) {
        return new Observation(w, streak(v), v.spec().sloObjective());
    }

    static Streak streak(ProbeHistory.View v) {
        Streak.State state = switch (v.state()) {
            case UP -> Streak.State.UP;
            case DOWN -> Streak.State.DOWN;
            case UNKNOWN -> Streak.State.UNKNOWN;
        };
        var last = v.last();
        return last == null ? new Streak(state, v.consecutiveFailures(), null)
                : new Streak(state, v.consecutiveFailures(), last.outcome().label(),
                        last.outcome().hasLatency() ? last.latencySeconds() : Double.NaN, last.httpStatus(), last.message(),
                        last.startedAt());
    }

    /** The platform as the history has it now; streaks are read only when a rule asks. */
    public static Platform platform(ProbeHistory history) {
        return new Platform() {
            @Override
            public int failing() {
                return history.failing();
            }

            @Override
            public int size() {
                return history.size();
            }

            @Override
            public int failingFor(int consecutive) {
                return history.failingFor(consecutive);
            }

            @Override
            public int up() {
                return history.up();
            }

            @Override
            public Map<String, Streak> streaks() {
                Map<String, Streak> m = new LinkedHashMap<>();
                history.views().forEach(v -> m.put(v.spec().name(), streak(v)));
                return m;
            }
        };
    }
}
