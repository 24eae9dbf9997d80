package io.healthmon.alert;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An inhibition rule, with Alertmanager's semantics: while an incident matching {@code source}
 * fires, an incident matching {@code target} whose {@code equal} labels have the same values is
 * tracked but not notified. Matchers are regular expressions over the whole label value (a plain
 * name matches itself). An incident matching both sides is never inhibited by another that does
 * too (nor by itself).
 */
public record Inhibition(String name, Map<String, Pattern> source, Map<String, Pattern> target, List<String> equal) {

    public Inhibition {
        source = Map.copyOf(source);
        target = Map.copyOf(target);
        equal = List.copyOf(equal);
    }

    private static boolean matches(Map<String, Pattern> matchers, Incident i) {
        for (Map.Entry<String, Pattern> m : matchers.entrySet()) {
            if (!m.getValue().matcher(i.label(m.getKey())).matches()) {
                return false;
            }
        }
        return true;
    }

    boolean isSource(Incident i) {
        return matches(source, i);
    }

    boolean isTarget(Incident i) {
        return matches(target, i);
    }

    /** Whether {@code source} (firing) inhibits {@code target} under this rule. */
    boolean inhibits(Incident source, Incident target) {
        if (source.id().equals(target.id()) || !isTarget(target) || !isSource(source)) {
            return false;
        }
        if (isSource(target) && isTarget(source)) {
            return false;
        }
        for (String label : equal) {
            if (!source.label(label).equals(target.label(label))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The firing incident that inhibits {@code target} under any of the rules, or null. Pure.
     *
     * @param firing the open incidents (their sources are among them)
     */
    public static Incident inhibitor(Incident target, Collection<Incident> firing, List<Inhibition> rules) {
        for (Inhibition r : rules) {
            if (!r.isTarget(target)) {
                continue;
            }
            for (Incident s : firing) {
                if (r.inhibits(s, target)) {
                    return s;
                }
            }
        }
        return null;
    }
}
