package io.healthmon.alert;

import io.healthmon.rule.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One step of the escalation matrix (the runbook's: team lead after 30 minutes, platform lead for
 * critical issues, CTO for business-critical outages): an incident it matches that is still firing
 * {@code after} its start is told to the step's channels, once.
 *
 * @param severities the severities it takes (empty: any)
 * @param rules      the rules it takes (empty: any)
 * @param ignoreAck  whether it escalates an acknowledged incident too (a business-critical step
 *                   may: the CTO hears of a complete outage whoever is on it)
 */
public record EscalationStep(String name, Duration after, Set<Severity> severities, Set<String> rules, List<String> channels,
                             boolean ignoreAck) {

    public EscalationStep {
        severities = Set.copyOf(severities);
        rules = Set.copyOf(rules);
        channels = List.copyOf(channels);
    }

    /** A step that stops once the incident is acknowledged. */
    public EscalationStep(String name, Duration after, Set<Severity> severities, Set<String> rules, List<String> channels) {
        this(name, after, severities, rules, channels, false);
    }

    public boolean matches(Incident i) {
        return (severities.isEmpty() || severities.contains(i.severity())) && (rules.isEmpty() || rules.contains(i.rule()));
    }

    /** Whether the step is due for {@code i} at {@code now}: it matches and has been firing {@code after}. Pure. */
    public boolean due(Incident i, Instant now) {
        return matches(i) && !now.isBefore(i.firedAt().plus(after));
    }
}
