package io.healthmon.notify;

import io.healthmon.alert.Notification;
import io.healthmon.alert.Router;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The senders of one configuration by channel name, the log channel's among them. */
public final class Senders {

    private final Map<String, Sender> byChannel;

    /** @param configured every configured channel's sender; the log channel is added */
    public Senders(Map<String, Sender> configured) {
        Map<String, Sender> m = new LinkedHashMap<>();
        m.put(Router.LOG, new LogNotifier());
        m.putAll(configured);
        this.byChannel = Map.copyOf(m);
    }

    /** The channel's sender; a channel this configuration does not have gets the log's, so nothing is dropped. */
    public Sender get(String channel) {
        Sender s = byChannel.get(channel);
        return s != null ? s : byChannel.get(Router.LOG);
    }

    public Optional<Sender> configured(String channel) {
        return Optional.ofNullable(byChannel.get(channel));
    }

    public Set<String> names() {
        return byChannel.keySet();
    }

    /** One attempt through the channel's own sender, answered with what the channel said (never a failed future). */
    public static Future<SendResult> attempt(Sender sender, Notification n) {
        return Attempt.run(sender, n);
    }
}
