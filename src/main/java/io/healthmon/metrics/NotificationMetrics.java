package io.healthmon.metrics;

import io.healthmon.notify.DeliveryQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * {@code healthmon_notifications_total{channel,outcome}} (delivered, retried, dropped),
 * {@code healthmon_notification_latency_seconds{channel}} (creation to acceptance) and
 * {@code healthmon_notifications_pending{channel}}.
 */
public final class NotificationMetrics implements DeliveryQueue.Listener {

    private final MeterRegistry registry;

    public NotificationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * The pending gauge and the (zero) counters of every channel of one configuration.
     *
     * @return the gauges, removed when a reload replaces them (the counters go on counting)
     */
    public List<Meter> register(DeliveryQueue queue, Collection<String> channels) {
        List<Meter> gauges = new ArrayList<>();
        for (String channel : channels) {
            gauges.add(Gauge.builder("healthmon.notifications.pending", queue, q -> q.pending(channel))
                    .description("Notifications waiting for delivery (first attempt or retry)")
                    .tag("channel", channel).strongReference(true).register(registry));
            for (DeliveryQueue.Outcome o : DeliveryQueue.Outcome.values()) {
                counter(channel, o);
            }
        }
        return gauges;
    }

    @Override
    public void attempted(String channel, DeliveryQueue.Outcome outcome, Duration sinceCreated) {
        counter(channel, outcome).increment();
        if (outcome == DeliveryQueue.Outcome.DELIVERED) {
            Timer.builder("healthmon.notification.latency")
                    .description("From the notification's creation to its channel accepting it")
                    .tag("channel", channel)
                    .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(250),
                            Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(10))
                    .register(registry).record(sinceCreated);
        }
    }

    private Counter counter(String channel, DeliveryQueue.Outcome o) {
        return Counter.builder("healthmon.notifications")
                .description("Delivery attempts by channel and outcome")
                .tags("channel", channel, "outcome", o.name().toLowerCase(Locale.ROOT))
                .register(registry);
    }
}
