package io.healthmon.alert;

import io.healthmon.rule.Severity;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When an open incident is notified again: a reminder per severity's repeat interval, and one
 * escalation (the runbook's team-lead step) for the given severities after a delay; and when one
 * that keeps resolving and firing again is held firing instead ({@link FlapDamper}).
 *
 * @param flapWindow zero: no flap damping
 * @param flapMax    how often a rule may fire on one endpoint within the window before its
 *                   incident is held firing
 */
public record Policy(Map<Severity, Duration> repeat, Duration escalateAfter, Set<Severity> escalate,
                     List<String> escalationChannels, Duration flapWindow, int flapMax) {

    public Policy {
        repeat = new EnumMap<>(repeat);
        escalate = Set.copyOf(escalate);
        escalationChannels = List.copyOf(escalationChannels);
    }
}
