package io.healthmon.alert;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One event in an incident's life, for the responders now and the post-mortem later.
 *
 * @param channel the channel it concerns (notifications, escalations), else null
 * @param text    what happened, in words
 * @param details the figures behind it, by name (e.g. http_status, latency_seconds, by, reason)
 */
@RegisterForReflection // persisted as JSON in timelines.json
public record TimelineEntry(Instant at, Kind kind, String channel, String text, Map<String, String> details) {

    public TimelineEntry {
        details = details == null || details.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public TimelineEntry(Instant at, Kind kind, String text) {
        this(at, kind, null, text, Map.of());
    }

    /** As the API shows it: "first_failure", "notification_delivered", ... */
    public String kindName() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    boolean valid() {
        return at != null && kind != null && text != null;
    }

    /** Every kind of event an incident records, in the order they typically come. */
    public enum Kind {
        /** The failed probe that started the run the rule fired on: outcome, latency, HTTP status, message. */
        FIRST_FAILURE,
        /** The probe the rule fired on, for a rule that fires on an answering endpoint (slow, high CPU). */
        EVIDENCE,
        /** The rule started breaching and waited out its hold ("for"). */
        PENDING,
        FIRING,
        /** Fired while silenced, in a maintenance window or inhibited: tracked, not notified. */
        MUTED,
        /** No longer silenced or inhibited and still firing: notified now. */
        UNMUTED,
        /** A notification about it was made for a channel (trigger, reminder, escalation, acknowledgement, resolve). */
        NOTIFICATION_QUEUED,
        NOTIFICATION_DELIVERED,
        /** An attempt failed and will be retried: the reason. */
        NOTIFICATION_RETRIED,
        /** Refused for good, too old, or shed from a full outbox: the reason. */
        NOTIFICATION_FAILED,
        /** Still firing after its severity's repeat interval: told again. */
        REMINDER,
        /** An escalation step told its channel. */
        ESCALATED,
        ACKNOWLEDGED,
        UNACKNOWLEDGED,
        /** The endpoint went up or down while the incident was open. */
        ENDPOINT_STATE,
        /** healthmon started again with the incident open: results from while it was stopped are missing. */
        RESTARTED,
        /** It kept resolving and firing again: held firing (flap damping). */
        FLAPPING,
        RESOLVED,
        /** The timeline reached its size limit: later routine events were not recorded. */
        TRUNCATED
    }
}
