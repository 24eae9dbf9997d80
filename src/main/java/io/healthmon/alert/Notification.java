package io.healthmon.alert;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** A message about an incident for one channel. */
@RegisterForReflection // persisted as JSON in the delivery state
public record Notification(Kind kind, Incident incident, String channel, Instant createdAt) {

    public enum Kind {
        /** The incident fired (or a silence that hid its firing ended). */
        TRIGGER("FIRING"),
        /** Still firing: the severity's repeat interval passed (or an Alertmanager needs a refresh). */
        REPEAT("REMINDER"),
        /** Still firing after the escalation delay: to the escalation channels, once. */
        ESCALATE("ESCALATED"),
        RESOLVE("RESOLVED"),
        /** Asked for through the API to prove a channel delivers: no incident behind it, never queued or retried. */
        TEST("TEST");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** FIRING, REMINDER, ESCALATED or RESOLVED, as the channels show it. */
        public String label() {
            return label;
        }

        public boolean firing() {
            return this != RESOLVE;
        }
    }
}
