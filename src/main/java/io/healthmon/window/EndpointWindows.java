package io.healthmon.window;

import java.time.Instant;
import java.util.Map;

/**
 * Every window of one endpoint at one instant: the snapshot that the next stage (rules) reads.
 *
 * @param windows by window label ("1m", "5m", ...), in configured order
 * @param values  by value name, in name order
 */
public record EndpointWindows(String endpoint, Instant at, Map<String, WindowStats> windows,
                              Map<String, ValueStats> values) {

    public WindowStats window(String label) {
        WindowStats w = windows.get(label);
        if (w == null) {
            throw new IllegalArgumentException("no window '" + label + "'; windows are " + windows.keySet());
        }
        return w;
    }
}
