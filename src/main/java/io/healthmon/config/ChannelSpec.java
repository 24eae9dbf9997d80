package io.healthmon.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One validated alert channel. Everything that could be a secret (the URL's path, the routing key,
 * header values) stays out of {@link #toString()}.
 */
public record ChannelSpec(String name, Type type, URI url, String routingKey, List<String> to, String from,
                          Map<String, String> headers, Duration timeout) {

    public enum Type {
        SLACK, PAGERDUTY, EMAIL, WEBHOOK, ALERTMANAGER, LOG;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ChannelSpec {
        to = List.copyOf(to);
        headers = Map.copyOf(headers);
    }

    @Override
    public String toString() {
        return "ChannelSpec[" + name + " " + type.key() + (url == null ? "" : " " + url.getScheme() + "://" + url.getHost())
                + (to.isEmpty() ? "" : " to " + to.size() + " recipient(s)") + "]";
    }
}
