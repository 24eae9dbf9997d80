package io.healthmon.setup;

import io.healthmon.alert.Inhibition;
import io.healthmon.config.HealthmonConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** healthmon.inhibit.*: the default inhibition rules with the user's changes, and the user's own. */
final class InhibitionResolver {

    /** While everything is down, the per-endpoint incidents add nothing to the complete-outage page. */
    static final String COMPLETE_OUTAGE = "complete-outage";
    /** A burn-rate page makes the budget ticket on the same endpoint redundant. */
    static final String PAGE_OVER_TICKET = "page-over-ticket";

    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_-]*");

    private record Raw(Map<String, String> source, Map<String, String> target, List<String> equal) {
    }

    private static Map<String, Raw> defaults() {
        Map<String, Raw> d = new LinkedHashMap<>();
        d.put(COMPLETE_OUTAGE, new Raw(Map.of("rule", "complete-outage"), Map.of("rule", ".+"), List.of()));
        d.put(PAGE_OVER_TICKET, new Raw(Map.of("rule", "slo-burn-fast|slo-burn-slow"), Map.of("rule", "slo-budget-ticket"),
                List.of("endpoint")));
        return d;
    }

    private InhibitionResolver() {
    }

    static List<Inhibition> resolve(Map<String, HealthmonConfig.Inhibit> raw, Problems problems) {
        Map<String, Raw> defaults = defaults();
        Set<String> names = new LinkedHashSet<>(defaults.keySet());
        names.addAll(new TreeMap<>(raw).keySet());
        List<Inhibition> out = new ArrayList<>();
        for (String name : names) {
            String key = "healthmon.inhibit." + name;
            HealthmonConfig.Inhibit c = raw.get(name);
            if (c != null && !c.enabled().orElse(true)) {
                continue;
            }
            problems.name(key, "inhibition", name);
            Raw base = defaults.get(name);
            Map<String, String> source = c != null && !c.source().isEmpty() ? c.source() : base == null ? Map.of() : base.source();
            Map<String, String> target = c != null && !c.target().isEmpty() ? c.target() : base == null ? Map.of() : base.target();
            List<String> equal = c != null && c.equal().isPresent() ? c.equal().get() : base == null ? List.of() : base.equal();
            int before = problems.size();
            Map<String, Pattern> s = matchers(key + ".source", source, problems);
            Map<String, Pattern> t = matchers(key + ".target", target, problems);
            for (String label : equal) {
                if (!LABEL.matcher(label).matches()) {
                    problems.add(key + ".equal", "'" + label + "' is not a label name");
                }
            }
            if (problems.size() == before) {
                out.add(new Inhibition(name, s, t, equal));
            }
        }
        return out;
    }

    private static Map<String, Pattern> matchers(String key, Map<String, String> raw, Problems problems) {
        if (raw.isEmpty()) {
            problems.add(key, "needs at least one matcher (label: regular expression), e.g. rule: complete-outage");
            return Map.of();
        }
        Map<String, Pattern> out = new TreeMap<>();
        raw.forEach((label, regex) -> {
            if (!LABEL.matcher(label).matches()) {
                problems.add(key + "." + label, "'" + label + "' is not a label name");
                return;
            }
            try {
                out.put(label, Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                problems.add(key + "." + label, "'" + regex + "' is not a regular expression: " + e.getDescription());
            }
        });
        return out;
    }

    /** healthmon.grouping.by: label names. */
    static List<String> groupBy(List<String> by, Problems problems) {
        List<String> out = new ArrayList<>();
        for (String label : by) {
            String l = label.trim();
            if (!LABEL.matcher(l).matches()) {
                problems.add("healthmon.grouping.by", "'" + label + "' is not a label name (endpoint, rule, severity or a"
                        + " rule label)");
            } else if (!out.contains(l)) {
                out.add(l);
            }
        }
        return out;
    }
}
