package io.healthmon;

import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.healthmon.alert.TimelineEntry;
import io.healthmon.alert.Timelines;
import io.healthmon.notify.DeliveryQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the delivery queue reports, to the metrics and into the timeline of each incident a
 * notification is about: delivered, retried (with the reason), failed. The queue knows nothing of
 * timelines; this is where the two meet.
 */
final class DeliveryEvents implements DeliveryQueue.Listener {

    private final DeliveryQueue.Listener metrics;
    private final Timelines timelines;
    private final Clock clock;

    DeliveryEvents(DeliveryQueue.Listener metrics, Timelines timelines, Clock clock) {
        this.metrics = metrics;
        this.timelines = timelines;
        this.clock = clock;
    }

    @Override
    public void attempted(String channel, DeliveryQueue.Outcome outcome, Duration sinceCreated) {
        metrics.attempted(channel, outcome, sinceCreated);
    }

    @Override
    public void finished(Notification n, DeliveryQueue.Outcome outcome, int attempts, String reason) {
        if (n.kind() == Notification.Kind.TEST) {
            return;
        }
        TimelineEntry.Kind kind = switch (outcome) {
            case DELIVERED -> TimelineEntry.Kind.NOTIFICATION_DELIVERED;
            case RETRIED -> TimelineEntry.Kind.NOTIFICATION_RETRIED;
            case DROPPED, SHED -> TimelineEntry.Kind.NOTIFICATION_FAILED;
        };
        String what = n.kind().label() + " to " + n.channel();
        String text = switch (outcome) {
            case DELIVERED -> what + " delivered" + (attempts > 1 ? " (attempt " + attempts + ")" : "");
            case RETRIED -> what + " failed (" + reason + "), attempt " + attempts + ": retrying";
            case DROPPED, SHED -> what + " failed for good: " + reason;
        };
        Map<String, String> d = new LinkedHashMap<>();
        d.put("notification", n.kind().name().toLowerCase(Locale.ROOT));
        d.put("attempts", Integer.toString(attempts));
        if (reason != null) {
            d.put("reason", reason);
        }
        TimelineEntry e = new TimelineEntry(clock.instant(), kind, n.channel(), text, d);
        for (Incident i : n.incidents()) {
            timelines.record(i.id(), e);
        }
    }
}
