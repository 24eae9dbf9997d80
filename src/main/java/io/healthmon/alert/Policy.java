package io.healthmon.alert;

import io.healthmon.rule.Severity;
import java.time.Duration;
import java.util.EnumMap;
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

    /** P0 15m, P1 1h, P2 4h, P3 24h; P0 and P1 escalate to team-lead after 30 minutes. */
    public static Policy defaults() {
        return new Policy(Map.of(Severity.P0, Duration.ofMinutes(15), Severity.P1, Duration.ofHours(1),
                Severity.P2, Duration.ofHours(4), Severity.P3, Duration.ofHours(24)), Duration.ofMinutes(30),
                Set.of(Severity.P0, Severity.P1), List.of("team-lead"));
    }
}
