package io.healthmon.alert;

import java.time.Instant;

/** Whether an incident's notifications are held back right now (a silence, a maintenance window). */
@FunctionalInterface
public interface Silencer {

    boolean silenced(Incident incident, Instant now);

    /** Whether anything could silence an incident at {@code now}; false lets a scan of every open incident be skipped. */
    default boolean active(Instant now) {
        return true;
    }
}
