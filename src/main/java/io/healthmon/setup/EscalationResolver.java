package io.healthmon.setup;

import io.healthmon.alert.EscalationStep;
import io.healthmon.config.HealthmonConfig;
import io.healthmon.rule.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * healthmon.escalation.steps.*: the runbook's escalation matrix as default steps, with the user's
 * changes, and the user's own steps. Steps are named, not a list, so that one key changes one
 * step (an environment variable or a -D property cannot edit the third item of a list).
 */
final class EscalationResolver {

    private EscalationResolver() {
    }

    /** The runbook: team lead if not resolved in 30 minutes, platform lead for critical issues, CTO for a complete outage. */
    static Map<String, EscalationStep> defaults() {
        Map<String, EscalationStep> d = new LinkedHashMap<>();
        d.put("team-lead", new EscalationStep("team-lead", Duration.ofMinutes(30), Set.of(Severity.P0, Severity.P1), Set.of(),
                List.of("team-lead")));
        d.put("platform-lead", new EscalationStep("platform-lead", Duration.ZERO, Set.of(Severity.P0), Set.of(),
                List.of("platform-lead")));
        // a complete outage is business-critical: the CTO hears of it whoever acknowledged it
        d.put("cto", new EscalationStep("cto", Duration.ofMinutes(15), Set.of(), Set.of("complete-outage"), List.of("cto"), true));
        return d;
    }

    static List<EscalationStep> resolve(Map<String, HealthmonConfig.Step> raw, Set<String> rules, Set<String> channels,
                                        Duration max, Problems problems) {
        Map<String, EscalationStep> defaults = defaults();
        Set<String> names = new LinkedHashSet<>(defaults.keySet());
        names.addAll(new TreeMap<>(raw).keySet());
        List<EscalationStep> out = new ArrayList<>();
        for (String name : names) {
            String key = "healthmon.escalation.steps." + name;
            HealthmonConfig.Step c = raw.get(name);
            if (c != null && !c.enabled().orElse(true)) {
                continue;
            }
            problems.name(key, "escalation step", name);
            EscalationStep base = defaults.get(name);
            int before = problems.size();
            Duration after = c != null && c.after().isPresent() ? c.after().get() : base == null ? null : base.after();
            if (after == null) {
                problems.add(key + ".after", "needed for a step that is not one of the defaults " + defaults.keySet());
            } else {
                problems.within(key + ".after", after, Duration.ZERO, max);
            }
            Set<Severity> severities = EnumSet.noneOf(Severity.class);
            if (c != null && c.severities().isPresent()) {
                for (String s : c.severities().get()) {
                    Severity v = problems.severity(key + ".severities", s);
                    if (v != null) {
                        severities.add(v);
                    }
                }
            } else if (base != null) {
                severities.addAll(base.severities());
            }
            Set<String> ruleNames;
            if (c != null && c.rules().isPresent()) {
                ruleNames = new LinkedHashSet<>(c.rules().get().stream().map(String::trim).toList());
                for (String r : ruleNames) {
                    if (!rules.contains(r)) {
                        problems.add(key + ".rules", "unknown rule '" + r + "'; rules are " + rules);
                    }
                }
            } else {
                ruleNames = new LinkedHashSet<>(base == null ? List.of() : base.rules());
                ruleNames.retainAll(rules);
                if (base != null && !base.rules().isEmpty() && ruleNames.isEmpty()) {
                    continue; // a default step for a default rule that was turned off: nothing left to escalate
                }
            }
            List<String> to = c != null && c.channels().isPresent() ? c.channels().get().stream().map(String::trim).toList()
                    : base == null ? List.of() : base.channels();
            if (to.isEmpty()) {
                problems.add(key + ".channels", "needs at least one channel");
            }
            problems.channels(key + ".channels", to, channels);
            if (problems.size() == before) {
                boolean ignoreAck = c != null && c.ignoreAck().isPresent() ? c.ignoreAck().get() : base != null && base.ignoreAck();
                out.add(new EscalationStep(name, after, severities, ruleNames, to, ignoreAck));
            }
        }
        return out;
    }
}
