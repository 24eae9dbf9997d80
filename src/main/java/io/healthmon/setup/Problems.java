package io.healthmon.setup;

import io.healthmon.config.Durations;
import io.healthmon.rule.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.math.BigDecimal;

/**
 * Every problem of one configuration, one line each naming its key, and the checks that recur
 * across it (names, severities, channels, ratios, durations), so each reads the same wherever it
 * is made.
 */
public final class Problems {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private final List<String> lines = new ArrayList<>();

    public void add(String key, String what) {
        lines.add(key + ": " + what);
    }

    /** A problem already worded (by the loader). */
    void line(String problem) {
        lines.add(problem);
    }

    public int size() {
        return lines.size();
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    public List<String> list() {
        return List.copyOf(lines);
    }

    @Override
    public String toString() {
        return lines.toString();
    }

    /** A name that becomes a metric label; false (and a problem) when it is not one. */
    boolean name(String key, String kind, String name) {
        if (NAME.matcher(name).matches()) {
            return true;
        }
        add(key, kind + " name must be lower-case letters, digits, '-' or '_' (it becomes a metric label)");
        return false;
    }

    /** P0..P3 in any case; null (and a problem) otherwise. */
    Severity severity(String key, String raw) {
        String s = raw.trim().toUpperCase(Locale.ROOT);
        for (Severity v : Severity.values()) {
            if (v.name().equals(s)) {
                return v;
            }
        }
        add(key, "'" + raw + "' is not a severity; expected P0, P1, P2 or P3");
        return null;
    }

    /** Each named channel must be known; {@code known} lists them all, the log channel last. */
    void channels(String key, Collection<String> named, Set<String> known) {
        for (String n : named) {
            if (!known.contains(n)) {
                add(key, "unknown channel '" + n + "'; channels are " + known);
            }
        }
    }

    /** "99.9%" or 0.999, strictly between 0 and 1; {@code fallback} (and a problem) otherwise. */
    double objective(String key, String raw, double fallback) {
        String t = raw.trim();
        try {
            double v = t.endsWith("%") ? new BigDecimal(t.substring(0, t.length() - 1).trim()).movePointLeft(2).doubleValue()
                    : Double.parseDouble(t);
            if (v > 0 && v < 1) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        add(key, "must be an objective between 0 and 100 % (exclusive), e.g. 99.9%, got '" + raw + "'");
        return fallback;
    }

    /** At least {@code min}; false (and a problem) otherwise. */
    boolean atLeast(String key, Duration d, Duration min) {
        if (d.compareTo(min) >= 0) {
            return true;
        }
        add(key, "must be at least " + Durations.format(min) + ", got " + Durations.format(d));
        return false;
    }

    /** Between {@code min} and {@code max} (both included); false (and a problem) otherwise. */
    boolean within(String key, Duration d, Duration min, Duration max) {
        if (d.compareTo(min) >= 0 && d.compareTo(max) <= 0) {
            return true;
        }
        add(key, "must be between " + Durations.format(min) + " and " + Durations.format(max) + ", got " + Durations.format(d));
        return false;
    }

    /** Zero or more; false (and a problem) when negative. */
    boolean notNegative(String key, Duration d) {
        if (!d.isNegative()) {
            return true;
        }
        add(key, "must not be negative, got " + Durations.format(d));
        return false;
    }
}
