package io.healthmon.window;

import java.time.Duration;

/** Short labels for window lengths, as used in metrics and the API: 30s, 5m, 1h, 3d. */
public final class WindowLabels {

    private WindowLabels() {
    }

    public static String of(Duration d) {
        long s = d.getSeconds();
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
