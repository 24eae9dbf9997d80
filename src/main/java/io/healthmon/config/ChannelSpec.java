package io.healthmon.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One alert channel as configured; {@code type} is its channel type's key (slack, pagerduty, ...).
 * Everything that could be a secret (the URL's path, the routing key, header values) stays out of
 * {@link #toString()}.
 */
public record ChannelSpec(String name, String type, URI url, String routingKey, List<String> to, String from,
                          Map<String, String> headers, Duration timeout, String dedupKey, Map<String, String> labels) {

    public ChannelSpec {
        to = List.copyOf(to);
        headers = Map.copyOf(headers);
        labels = Map.copyOf(labels);
    }

    /** A channel with the default PagerDuty key and no extra alert labels. */
    public ChannelSpec(String name, String type, URI url, String routingKey, List<String> to, String from,
                       Map<String, String> headers, Duration timeout) {
        this(name, type, url, routingKey, to, from, headers, timeout, null, Map.of());
    }

    @Override
    public String toString() {
        return "ChannelSpec[" + name + " " + type + (url == null ? "" : " " + url.getScheme() + "://" + url.getHost())
                + (to.isEmpty() ? "" : " to " + to.size() + " recipient(s)") + "]";
    }
}
