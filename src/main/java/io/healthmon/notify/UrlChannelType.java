package io.healthmon.notify;

import io.healthmon.alert.Notification;
import io.healthmon.config.ChannelSpec;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A channel type that a URL alone configures (Slack, webhook, Alertmanager).
 *
 * @param sender  makes the channel's sender
 * @param payload renders a notification's payload without sending it
 */
public record UrlChannelType(String key, BiFunction<ChannelSpec, SenderContext, Sender> sender, Consumer<Notification> payload,
                             Optional<Duration> refresh) implements ChannelType {

    @Override
    public boolean configured(ChannelSpec spec) {
        return spec.url() != null;
    }

    @Override
    public Sender sender(ChannelSpec spec, SenderContext context) {
        return sender.apply(spec, context);
    }

    @Override
    public void render(Notification n) {
        payload.accept(n);
    }
}
