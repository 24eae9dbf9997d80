package io.healthmon.setup;

import io.healthmon.config.HealthmonConfig;
import io.healthmon.rule.Comparison;
import io.healthmon.rule.Condition;
import io.healthmon.rule.DefaultRules;
import io.healthmon.rule.Rule;
import io.healthmon.rule.Severity;
import io.healthmon.rule.Stat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.math.BigDecimal;

/**
 * Turns healthmon.rules.* into rules: the defaults, each overridable field by field, plus the
 * user's own.
 */
final class RuleResolver {

    private final Problems problems;
    private final Set<String> endpoints;
    private final Set<String> channels;
    private final Set<String> windows;

    private RuleResolver(Problems problems, Set<String> endpoints, Set<String> channels, Set<String> windows) {
        this.problems = problems;
        this.endpoints = endpoints;
        this.channels = channels;
        this.windows = windows;
    }

    /**
     * @param endpoints endpoint names, @param channels channel names (log included), @param windows
     *                  window labels ("1m", "5m", ...)
     */
    static List<Rule> resolve(HealthmonConfig c, Set<String> endpoints, Set<String> channels, Set<String> windows,
                              Problems problems) {
        return new RuleResolver(problems, endpoints, channels, windows).rules(c.rules());
    }

    private List<Rule> rules(Map<String, HealthmonConfig.RuleConfig> raw) {
        Map<String, Rule> defaults = new LinkedHashMap<>();
        for (Rule r : DefaultRules.all()) {
            defaults.put(r.name(), r);
        }
        Set<String> names = new LinkedHashSet<>(defaults.keySet());
        names.addAll(new TreeMap<>(raw).keySet());
        List<Rule> out = new ArrayList<>();
        for (String name : names) {
            HealthmonConfig.RuleConfig rc = raw.get(name);
            if (rc != null && !rc.enabled().orElse(true)) {
                continue;
            }
            Rule r = rule(name, defaults.get(name), rc);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private Rule rule(String name, Rule base, HealthmonConfig.RuleConfig rc) {
        String key = "healthmon.rules." + name;
        int before = problems.size();
        problems.name(key, "rule", name);
        if (base == null && rc == null) {
            return null;
        }
        Condition condition = condition(key, base == null ? null : base.condition(), rc);
        Severity severity = base == null ? Severity.P2 : base.severity();
        if (rc != null && rc.severity().isPresent()) {
            Severity s = problems.severity(key + ".severity", rc.severity().get());
            severity = s == null ? severity : s;
        }
        Duration forDuration = rc != null && rc.forDuration().isPresent() ? rc.forDuration().get()
                : base == null ? Duration.ZERO : base.forDuration();
        Duration keep = rc != null && rc.keepFiringFor().isPresent() ? rc.keepFiringFor().get()
                : base == null ? Duration.ZERO : base.keepFiringFor();
        problems.within(key + ".for", forDuration, Duration.ZERO, SettingsResolver.MAX_LONG);
        problems.within(key + ".keep-firing-for", keep, Duration.ZERO, SettingsResolver.MAX_LONG);
        Set<String> watched = rc != null && rc.endpoints().isPresent() ? new LinkedHashSet<>(rc.endpoints().get())
                : base == null ? Set.of() : base.endpoints();
        for (String e : watched) {
            if (!endpoints.contains(e) && (rc != null && rc.endpoints().isPresent())) {
                problem(key + ".endpoints", "unknown endpoint '" + e + "'; endpoints are " + endpoints);
            }
        }
        List<String> named = rc != null && rc.channels().isPresent() ? rc.channels().get()
                : base == null ? List.of() : base.channels();
        problems.channels(key + ".channels", named, channels);
        Map<String, String> labels = new TreeMap<>(base == null ? Map.of() : base.labels());
        if (rc != null) {
            labels.putAll(rc.labels());
        }
        if (problems.size() > before || condition == null) {
            return null;
        }
        return new Rule(name, condition, severity, forDuration, keep, watched, labels, named);
    }

    private Condition condition(String key, Condition base, HealthmonConfig.RuleConfig rc) {
        if (rc == null) {
            checkWindows(key, base);
            return base;
        }
        int kinds = (rc.stat().isPresent() ? 1 : 0) + (rc.value().isPresent() ? 1 : 0)
                + (rc.downAfter().isPresent() ? 1 : 0) + (rc.outageAfter().isPresent() ? 1 : 0)
                + (rc.burnRate().isPresent() ? 1 : 0);
        if (kinds > 1) {
            problem(key, "set one of stat, value, burn-rate, down-after or outage-after, not several");
            return null;
        }
        if (kinds == 0 && base == null) {
            problem(key, "a new rule needs one of stat (with window and threshold), value (with threshold),"
                    + " burn-rate (with window and short-window), down-after or outage-after");
            return null;
        }
        if (rc.burnRate().isPresent() || (kinds == 0 && base instanceof Condition.BurnRate)) {
            Condition.BurnRate b = base instanceof Condition.BurnRate br ? br : null;
            double factor = rc.burnRate().orElseGet(() -> b.factor());
            String longWindow = rc.window().orElse(b == null ? null : b.longWindow());
            String shortWindow = rc.shortWindow().orElse(b == null ? null : b.shortWindow());
            if (longWindow == null || shortWindow == null) {
                return bad(key, "a burn-rate rule needs window and short-window");
            }
            if (!(factor > 0)) {
                return bad(key + ".burn-rate", "must be positive, got " + factor);
            }
            Duration coverage = rc.minCoverage().orElse(b == null ? null : b.minCoverage());
            if (coverage != null && !within(key + ".min-coverage", coverage)) {
                return null;
            }
            Condition.BurnRate c = new Condition.BurnRate(factor, longWindow, shortWindow,
                    rc.resolveWindow().orElse(b == null ? "1m" : b.resolveWindow()), rc.minFailures().orElse(b == null ? 3 : b.minFailures()),
                    coverage);
            checkWindows(key, c);
            return c;
        }
        if (rc.downAfter().isPresent() || (kinds == 0 && base instanceof Condition.EndpointDown)) {
            int n = rc.downAfter().orElseGet(() -> ((Condition.EndpointDown) base).consecutiveFailures());
            return n < 1 ? bad(key + ".down-after", "must be at least 1, got " + n) : new Condition.EndpointDown(n);
        }
        if (rc.outageAfter().isPresent() || (kinds == 0 && base instanceof Condition.CompleteOutage)) {
            int n = rc.outageAfter().orElseGet(() -> ((Condition.CompleteOutage) base).consecutiveFailures());
            return n < 1 ? bad(key + ".outage-after", "must be at least 1, got " + n) : new Condition.CompleteOutage(n);
        }
        if (rc.value().isPresent() || (kinds == 0 && base instanceof Condition.ValueThreshold)) {
            Condition.ValueThreshold b = base instanceof Condition.ValueThreshold v ? v : null;
            String value = rc.value().orElseGet(() -> b.value());
            Comparison op = op(key, rc, b == null ? Comparison.ABOVE : b.op());
            Double threshold = rc.threshold().isPresent() ? number(key + ".threshold", rc.threshold().get(), null)
                    : b == null ? missing(key + ".threshold") : Double.valueOf(b.threshold());
            return op == null || threshold == null ? null : new Condition.ValueThreshold(value, op, threshold);
        }
        Condition.WindowThreshold b = base instanceof Condition.WindowThreshold w ? w : null;
        Stat stat;
        try {
            stat = rc.stat().isPresent() ? Stat.parse(rc.stat().get().trim()) : b.stat();
        } catch (IllegalArgumentException e) {
            return bad(key + ".stat", e.getMessage());
        }
        String window = rc.window().orElse(b == null ? null : b.window());
        if (window == null) {
            return bad(key + ".window", "needed: the window the statistic is read over, one of " + windows);
        }
        String resolveWindow = rc.resolveWindow().orElse(b == null ? "1m" : b.resolveWindow());
        Comparison op = op(key, rc, b != null && b.stat() == stat ? b.op()
                : stat == Stat.AVAILABILITY ? Comparison.BELOW : Comparison.ABOVE);
        Double threshold = rc.threshold().isPresent() ? number(key + ".threshold", rc.threshold().get(), stat)
                : b == null ? missing(key + ".threshold") : Double.valueOf(b.threshold());
        long minFailures = rc.minFailures().orElse(b == null ? 1 : b.minFailures());
        long minProbes = rc.minProbes().orElse(b == null ? 1 : b.minProbes());
        Duration coverage = rc.minCoverage().orElse(b == null ? Duration.ZERO : b.minCoverage());
        if (!within(key + ".min-coverage", coverage)) {
            return null;
        }
        Condition.WindowThreshold t = op == null || threshold == null ? null
                : new Condition.WindowThreshold(stat, window, op, threshold, resolveWindow, minFailures, minProbes, coverage);
        checkWindows(key, t);
        return t;
    }

    private boolean within(String key, Duration d) {
        int before = problems.size();
        problems.within(key, d, Duration.ZERO, SettingsResolver.MAX_LONG);
        return problems.size() == before;
    }

    private void checkWindows(String key, Condition c) {
        if (c instanceof Condition.BurnRate b) {
            for (String[] w : new String[][] {{".window", b.longWindow()}, {".short-window", b.shortWindow()},
                    {".resolve-window", b.resolveWindow()}}) {
                if (!windows.contains(w[1])) {
                    problem(key + w[0], "window " + w[1] + " is not one of healthmon.windows.lengths " + windows);
                }
            }
        }
        if (c instanceof Condition.WindowThreshold t) {
            if (!windows.contains(t.window())) {
                problem(key + ".window", "window " + t.window() + " is not one of healthmon.windows.lengths " + windows);
            }
            if (!windows.contains(t.resolveWindow())) {
                problem(key + ".resolve-window", "window " + t.resolveWindow() + " is not one of healthmon.windows.lengths "
                        + windows);
            }
        }
    }

    private Comparison op(String key, HealthmonConfig.RuleConfig rc, Comparison dflt) {
        if (rc.op().isEmpty()) {
            return dflt;
        }
        return switch (rc.op().get().trim().toLowerCase(Locale.ROOT)) {
            case "above", ">" -> Comparison.ABOVE;
            case "below", "<" -> Comparison.BELOW;
            default -> bad(key + ".op", "'" + rc.op().get() + "' is not a comparison; expected above or below");
        };
    }

    /** 2s / 500ms (latency, to seconds), 1% / 99.9% (ratios, to fractions), or a plain number. */
    private Double number(String key, String raw, Stat stat) {
        String s = raw.trim();
        try {
            if (stat != null && stat.isLatency() && s.matches("[0-9.]+\\s*(ms|s)")) {
                double v = Double.parseDouble(s.replaceAll("[a-z\\s]", ""));
                return s.endsWith("ms") ? v / 1000 : v;
            }
            if (s.endsWith("%")) {
                BigDecimal v = new BigDecimal(s.substring(0, s.length() - 1).trim());
                // 99.9% is exactly 0.999, not 99.9 / 100 = 0.9990000000000001
                return stat != null && !stat.isLatency() ? v.movePointLeft(2).doubleValue() : v.doubleValue();
            }
            double v = Double.parseDouble(s);
            if (stat != null && !stat.isLatency() && (v < 0 || v > 1)) {
                return bad(key, "a ratio is between 0 and 1 (or written as a percentage like 1%), got " + raw);
            }
            return v;
        } catch (NumberFormatException e) {
            return bad(key, "'" + raw + "' is not a threshold; expected e.g. 2s, 500ms, 1%, 99.9% or 80");
        }
    }

    private Double missing(String key) {
        return bad(key, "needed for a new rule");
    }

    private <T> T bad(String key, String what) {
        problem(key, what);
        return null;
    }

    private void problem(String key, String what) {
        problems.add(key, what);
    }
}
