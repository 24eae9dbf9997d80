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

    /** For people, to the second: "1h 5m 10s", "45s" (what a message or a timeline says took so long). */
    public static String words(Duration d) {
        long s = Math.max(0, d.toSeconds());
        StringBuilder b = new StringBuilder();
        if (s >= 3600) {
            b.append(s / 3600).append("h ");
        }
        if (s >= 60) {
            b.append(s / 60 % 60).append("m ");
        }
        return b.append(s % 60).append('s').toString();
    }
}
