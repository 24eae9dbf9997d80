package io.healthmon.rule;

import io.healthmon.window.WindowStats;
import java.util.function.ToDoubleFunction;

/** A window statistic a rule can watch. */
public enum Stat {
    P50("p50", "p50_seconds", WindowStats::p50Seconds),
    P95("p95", "p95_seconds", WindowStats::p95Seconds),
    P99("p99", "p99_seconds", WindowStats::p99Seconds),
    ERROR_RATIO("error-ratio", "error_ratio", WindowStats::errorRatio),
    AVAILABILITY("availability", "availability", WindowStats::availabilityRatio);

    private final String key;
    private final String figure;
    private final ToDoubleFunction<WindowStats> read;

    Stat(String key, String figure, ToDoubleFunction<WindowStats> read) {
        this.key = key;
        this.figure = figure;
        this.read = read;
    }

    /** How an incident's figures name this statistic over a window, e.g. "error_ratio_5m". */
    public String figure(String window) {
        return figure + "_" + window;
    }

    public String key() {
        return key;
    }

    public double read(WindowStats w) {
        return read.applyAsDouble(w);
    }

    public boolean isLatency() {
        return this == P50 || this == P95 || this == P99;
    }

    public static Stat parse(String key) {
        for (Stat s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown statistic '" + key + "'; expected one of p50, p95, p99, error-ratio, availability");
    }
}
