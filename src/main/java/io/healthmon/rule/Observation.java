package io.healthmon.rule;

import io.healthmon.window.EndpointWindows;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the rules read about one endpoint after one of its results: its windows and body
 * values, its streak, and the availability objective its burn rates are measured against.
 */
public record Observation(EndpointWindows windows, Streak streak, double sloObjective) {

    /** The statistics an incident carries per window. */
    private static final List<Stat> FIGURES = List.of(Stat.ERROR_RATIO, Stat.AVAILABILITY, Stat.P95);

    public String endpoint() {
        return windows.endpoint();
    }

    public Instant at() {
        return windows.at();
    }

    /**
     * The window statistics a responder wants first (error ratio, availability and p95 per window,
     * the body values), as an incident carries them from the moment it fired.
     */
    public Map<String, Double> figures() {
        Map<String, Double> f = new LinkedHashMap<>();
        windows.windows().forEach((label, s) -> {
            for (Stat stat : FIGURES) {
                put(f, stat.figure(label), stat.read(s));
            }
        });
        windows.values().forEach((name, v) -> put(f, name, v.last()));
        return f;
    }

    private static void put(Map<String, Double> f, String key, double v) {
        if (Double.isFinite(v)) {
            f.put(key, v);
        }
    }
}
