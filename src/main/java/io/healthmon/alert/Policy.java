package io.healthmon.alert;

import io.healthmon.rule.Severity;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How open incidents are told: grouped per channel by {@code groupBy} (a new group waits
 * {@code groupWait} for more before its first message), held back while an {@code inhibitions}
 * source fires, reminded per severity's repeat interval, escalated by the steps of
 * {@code escalation} (each once per incident); and held firing when they keep resolving and
 * firing again ({@link FlapDamper}).
 *
 * @param flapWindow zero: no flap damping
 * @param flapMax    how often a rule may fire on one endpoint within the window before its
 *                   incident is held firing
 */
public record Policy(Map<Severity, Duration> repeat, List<EscalationStep> escalation, Duration flapWindow, int flapMax,
                     List<String> groupBy, Duration groupWait, List<Inhibition> inhibitions) {

    public Policy {
        repeat = new EnumMap<>(repeat);
        escalation = List.copyOf(escalation);
        groupBy = List.copyOf(groupBy);
        inhibitions = List.copyOf(inhibitions);
    }

    /** One escalation step (to {@code escalationChannels} for {@code escalate} after {@code escalateAfter}), grouped by endpoint, no group wait, no inhibition. */
    public Policy(Map<Severity, Duration> repeat, Duration escalateAfter, Set<Severity> escalate,
                  List<String> escalationChannels, Duration flapWindow, int flapMax) {
        this(repeat, List.of(new EscalationStep("escalation", escalateAfter, escalate, Set.of(), escalationChannels)),
                flapWindow, flapMax, List.of("endpoint"), Duration.ZERO, List.of());
    }

    /** This policy with other grouping and inhibition. */
    public Policy grouped(List<String> by, Duration wait, List<Inhibition> rules) {
        return new Policy(repeat, escalation, flapWindow, flapMax, by, wait, rules);
    }

    /** Every channel some escalation step tells, once each, in step order. */
    public List<String> escalationChannels() {
        return escalation.stream().flatMap(s -> s.channels().stream()).distinct().toList();
    }
}
