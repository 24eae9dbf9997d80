package io.healthmon.notify;

import io.healthmon.alert.Notification;
import io.healthmon.config.ChannelSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything healthmon knows of one kind of channel, in one place: what it needs to deliver, how
 * its sender is made, how its payload is rendered, and whether firing alerts must be re-sent.
 * Each lives beside its sender; {@link ChannelTypes} lists them.
 */
public interface ChannelType {

    /** What users write as the channel's {@code type}. */
    String key();

    /** Whether the channel has what it needs to deliver (its URL, key or recipients); else the log channel stands in. */
    boolean configured(ChannelSpec spec);

    /** What is wrong with a configured channel, each as "field: what" (never repeating a secret). */
    default List<String> check(ChannelSpec spec) {
        return List.of();
    }

    Sender sender(ChannelSpec spec, SenderContext context);

    /** Renders the payload for {@code n} without sending it (warms up class loading and JSON for the first page). */
    void render(Notification n);

    /** How often a firing alert must be re-sent to stay firing (Alertmanager); empty: only at the reminders. */
    default Optional<Duration> refresh() {
        return Optional.empty();
    }
}
