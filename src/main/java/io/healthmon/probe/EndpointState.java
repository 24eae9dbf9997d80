package io.healthmon.probe;

import java.util.Locale;

/** An endpoint's current state, from its latest probe. */
public enum EndpointState {
    /** Not probed yet. */
    UNKNOWN,
    UP,
    DOWN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
