package io.healthmon.notify;

import io.healthmon.alert.Notification;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** A notification waiting for (another) attempt, as the journal keeps it. */
@RegisterForReflection // persisted as JSON in delivery.json
public record Pending(long seq, Notification notification, int attempts, Instant nextAttemptAt, String lastError) {

    /** A pending notification as read back: whole enough to send. */
    boolean valid() {
        return notification != null && notification.valid() && nextAttemptAt != null && attempts >= 0;
    }

    Lane lane() {
        return Lane.of(notification);
    }

    String channel() {
        return notification.channel();
    }

    /** After a failed attempt: one more attempt counted, the next one at {@code next}. */
    Pending retryAt(Instant next, String error) {
        return new Pending(seq, notification, attempts + 1, next, error);
    }
}
