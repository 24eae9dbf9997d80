package io.healthmon.alert;

import io.healthmon.config.HealthmonConfig;
import io.healthmon.rule.Severity;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When an open incident is notified again: a reminder per severity's repeat interval, and one
 * escalation (the runbook's team-lead step) for the given severities after a delay.
 */
public record Policy(Map<Severity, Duration> repeat, Duration escalateAfter, Set<Severity> escalate,
                     List<String> escalationChannels) {

    public Policy {
        repeat = new EnumMap<>(repeat);
        escalate = Set.copyOf(escalate);
        escalationChannels = List.copyOf(escalationChannels);
    }

    /** From healthmon.repeat.* and healthmon.escalation.* (defaults: 15m/1h/4h/24h; P0, P1 after 30m to team-lead). */
    public static Policy from(HealthmonConfig c) {
        Set<Severity> escalate = EnumSet.noneOf(Severity.class);
        c.escalation().severities().forEach(x -> escalate.add(Severity.valueOf(x.trim().toUpperCase(Locale.ROOT))));
        return new Policy(Map.of(Severity.P0, c.repeat().p0(), Severity.P1, c.repeat().p1(), Severity.P2, c.repeat().p2(),
                Severity.P3, c.repeat().p3()), c.escalation().after(), escalate, c.escalation().channels());
    }
}
