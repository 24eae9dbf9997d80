package io.healthmon.alert;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message about a group of incidents for one channel. {@code incidents} are those the message
 * is about, most severe first: the firing ones for a trigger or reminder, every one that fired
 * during the group's life (each resolved) for a resolve.
 */
@RegisterForReflection // persisted as JSON in the delivery state
public record Notification(Kind kind, Group group, List<Incident> incidents, String channel, Instant createdAt) {

    public Notification {
        incidents = incidents == null ? List.of() : incidents.stream().filter(Objects::nonNull).toList();
    }

    /** A message about one incident alone. */
    public static Notification of(Kind kind, Incident incident, String channel, Instant createdAt) {
        return new Notification(kind, Group.single(incident), List.of(incident), channel, createdAt);
    }

    /** The incident the message leads with: the most severe, then the earliest. */
    public Incident lead() {
        return incidents.get(0);
    }

    /** Whether every field is there and every incident whole (entries read back from disk are checked). */
    public boolean valid() {
        return kind != null && group != null && group.valid() && !incidents.isEmpty()
                && incidents.stream().allMatch(Incident::valid) && channel != null && createdAt != null;
    }

    public enum Kind {
        /** The group started firing, or its severity rose (or a silence that hid its firing ended). */
        TRIGGER("FIRING"),
        /** Still firing: the severity's repeat interval passed (or an Alertmanager needs a refresh). */
        REPEAT("REMINDER"),
        /** Still firing after the escalation delay: to the escalation channels, once. */
        ESCALATE("ESCALATED"),
        /** Someone acknowledged the incident listed (its group's other incidents are not listed). */
        ACKNOWLEDGE("ACKNOWLEDGED"),
        /** The acknowledgement of the incident listed was withdrawn: reminders and escalation resume. */
        UNACKNOWLEDGE("UNACKNOWLEDGED"),
        /** Every incident of the group resolved. */
        RESOLVE("RESOLVED"),
        /** Asked for through the API to prove a channel delivers: no incident behind it, never queued or retried. */
        TEST("TEST");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** FIRING, REMINDER, ESCALATED, ACKNOWLEDGED, UNACKNOWLEDGED or RESOLVED, as the channels show it. */
        public String label() {
            return label;
        }

        /** Whether the incidents listed are still firing (every kind but a resolve). */
        public boolean firing() {
            return this != RESOLVE;
        }

        /** An acknowledgement given or withdrawn: about a responder, not the state of the incident. */
        public boolean acknowledgement() {
            return this == ACKNOWLEDGE || this == UNACKNOWLEDGE;
        }
    }
}
