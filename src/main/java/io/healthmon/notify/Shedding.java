package io.healthmon.notify;

import io.healthmon.alert.Notification;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What gives way when the outbox is full (healthmon.delivery.max-pending), as a pure function of
 * the journal: a reminder first (it repeats what was said), then an escalation, and only when
 * nothing else is left the oldest trigger or resolve, so memory and the journal stay bounded
 * during a channel outage that outlasts a storm of incidents. Attempts under way are never shed.
 */
final class Shedding {

    /** The decision for one new notification. */
    sealed interface Decision {
        /** Room enough: keep everything. */
        record Keep() implements Decision {
        }

        /** The new notification is not kept. */
        record DropIncoming() implements Decision {
        }

        /** This pending notification gives way to the new one. */
        record DropPending(Pending pending) implements Decision {
        }
    }

    private Shedding() {
    }

    /** @param pending in the order they were made */
    static Decision decide(List<Pending> pending, Set<Long> inFlight, Notification.Kind incoming, int max) {
        if (pending.size() < max) {
            return new Decision.Keep();
        }
        if (incoming == Notification.Kind.REPEAT) {
            return new Decision.DropIncoming();
        }
        for (Notification.Kind kind : List.of(Notification.Kind.REPEAT, Notification.Kind.ACKNOWLEDGE,
                Notification.Kind.UNACKNOWLEDGE, Notification.Kind.ESCALATE)) {
            Optional<Pending> oldest = oldest(pending, inFlight, kind);
            if (oldest.isPresent()) {
                return new Decision.DropPending(oldest.get());
            }
        }
        if (incoming == Notification.Kind.ESCALATE || incoming.acknowledgement()) {
            return new Decision.DropIncoming();
        }
        return pending.stream().filter(p -> !inFlight.contains(p.seq())).findFirst()
                .<Decision>map(Decision.DropPending::new).orElse(new Decision.DropIncoming());
    }

    private static Optional<Pending> oldest(List<Pending> pending, Set<Long> inFlight, Notification.Kind kind) {
        return pending.stream().filter(p -> p.notification().kind() == kind && !inFlight.contains(p.seq())).findFirst();
    }
}
