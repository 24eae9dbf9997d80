package io.healthmon.alert;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * Someone said "I'm on it" about an open incident: its reminders and the escalation steps that
 * respect acknowledgement stop; its resolve is still told.
 *
 * @param by      who, as they gave it
 * @param comment what they said ("" when nothing)
 */
@RegisterForReflection // persisted as JSON with its incident
public record Acknowledgement(String by, String comment, Instant at) {

    public Acknowledgement {
        comment = comment == null ? "" : comment;
    }

    boolean valid() {
        return by != null && !by.isBlank() && at != null;
    }
}
