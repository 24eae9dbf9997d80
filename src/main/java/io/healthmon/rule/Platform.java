package io.healthmon.rule;

import java.util.Map;

/** The platform-wide view, for rules over every endpoint (complete outage). */
public interface Platform {

    /** Endpoints whose latest probe failed: cheap, read on every result. */
    int failing();

    /** Endpoints probed. */
    int size();

    /** Endpoints that failed at least their last {@code consecutive} probes: cheap. */
    int failingFor(int consecutive);

    /** Endpoints whose latest probe succeeded: cheap. */
    int up();

    /** Every endpoint's streak by name: a scan, read only when it can matter. */
    Map<String, Streak> streaks();
}
