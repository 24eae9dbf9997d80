package io.healthmon.alert;

import java.time.Instant;

/** A message about an incident for one channel: it fired, or it resolved. */
public record Notification(Kind kind, Incident incident, String channel, Instant createdAt) {

    public enum Kind { TRIGGER, RESOLVE }
}
