package io.healthmon.config;

import java.time.Duration;

/** Durations as people write them in the configuration: 500ms, 5s, 5m, 1h, 3d. */
public final class Durations {

    private Durations() {
    }

    public static String format(Duration d) {
        long s = d.getSeconds();
        if (d.isZero()) {
            return "0s";
        }
        if (d.getNano() != 0 || s == 0) {
            return d.toMillis() + "ms";
        }
        if (s % 86400 == 0 && s >= 86400 * 2) {
            return s / 86400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
