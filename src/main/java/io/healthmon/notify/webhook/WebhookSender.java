package io.healthmon.notify.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.healthmon.notify.ChannelType;
import io.healthmon.notify.UrlChannelType;
import io.healthmon.notify.HttpPost;
import io.healthmon.notify.SendResult;
import io.healthmon.notify.Sender;
import io.vertx.core.Future;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A generic webhook in Alertmanager's webhook format (version 4), so anything that takes
 * Alertmanager's webhooks takes healthmon's: one message per notification group, one alert per incident.
 */
public final class WebhookSender implements Sender {

    /** type: webhook, with its url and optional headers. */
    public static final ChannelType TYPE = new UrlChannelType("webhook",
            (spec, context) -> new WebhookSender(context.http().apply(spec.timeout()), spec.url(), spec.name(), spec.headers(),
                    spec.labels()),
            n -> payload(n, "warm-up"), Optional.empty());

    private final HttpPost http;
    private final URI url;
    private final String receiver;
    private final Map<String, String> headers;
    private final Map<String, String> labels;

    /** @param headers e.g. an Authorization header; never shown */
    public WebhookSender(HttpPost http, URI url, String receiver, Map<String, String> headers) {
        this(http, url, receiver, headers, Map.of());
    }

    /** @param labels added to every alert's labels (healthmon.instance-label) */
    public WebhookSender(HttpPost http, URI url, String receiver, Map<String, String> headers, Map<String, String> labels) {
        this.http = http;
        this.url = url;
        this.receiver = receiver;
        this.headers = Map.copyOf(headers);
        this.labels = Map.copyOf(labels);
    }

    @Override
    public Future<SendResult> send(Notification n) {
        return http.post(url, headers, payload(n, receiver, labels));
    }

    /** The exact JSON posted: the group with one alert per incident. */
    public static String payload(Notification n, String receiver) {
        return payload(n, receiver, Map.of());
    }

    /** The same, each alert with {@code labels} added. */
    public static String payload(Notification n, String receiver, Map<String, String> labels) {
        String status = n.kind() == Notification.Kind.RESOLVE ? "resolved" : "firing";
        ObjectNode root = AlertmanagerFormat.JSON.createObjectNode();
        root.put("version", "4");
        StringBuilder key = new StringBuilder("{}:{");
        n.group().labels().forEach((k, v) -> key.append(key.length() == 4 ? "" : ",").append(k).append("=\"").append(v).append('"'));
        root.put("groupKey", key.append('}').toString());
        root.put("truncatedAlerts", 0);
        root.put("status", status);
        root.put("receiver", receiver);
        ObjectNode groupLabels = root.putObject("groupLabels");
        n.group().labels().forEach(groupLabels::put);
        ArrayNode alerts = AlertmanagerFormat.JSON.createArrayNode();
        for (Incident i : n.incidents()) {
            ObjectNode alert = AlertmanagerFormat.alert(n, i, labels, null);
            alert.put("status", i.resolvedAt() == null ? "firing" : "resolved");
            alert.put("fingerprint", AlertmanagerFormat.fingerprint(i));
            alerts.add(alert);
        }
        root.set("commonLabels", common(alerts, "labels"));
        root.set("commonAnnotations", common(alerts, "annotations"));
        root.put("externalURL", "");
        root.set("alerts", alerts);
        return root.toString();
    }

    /** The labels (or annotations) every alert has with the same value, as Alertmanager computes them. */
    private static ObjectNode common(ArrayNode alerts, String field) {
        ObjectNode common = alerts.get(0).get(field).deepCopy();
        List<String> differ = new ArrayList<>();
        for (JsonNode a : alerts) {
            common.fieldNames().forEachRemaining(name -> {
                if (!common.get(name).equals(a.get(field).get(name))) {
                    differ.add(name);
                }
            });
        }
        common.remove(differ);
        return common;
    }

    @Override
    public String toString() {
        return "WebhookSender[" + url.getHost() + "]";
    }
}
