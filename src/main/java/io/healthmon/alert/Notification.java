package io.healthmon.alert;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** A message about an incident for one channel: it fired, or it resolved. */
@RegisterForReflection // persisted as JSON in the delivery state
public record Notification(Kind kind, Incident incident, String channel, Instant createdAt) {

    public enum Kind { TRIGGER, RESOLVE }
}
