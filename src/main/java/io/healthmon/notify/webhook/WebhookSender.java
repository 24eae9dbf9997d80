package io.healthmon.notify.webhook;

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
import java.util.Map;
import java.util.Optional;

/**
 * A generic webhook in Alertmanager's webhook format (version 4), so anything that takes
 * Alertmanager's webhooks takes healthmon's. One group per incident.
 */
public final class WebhookSender implements Sender {

    /** type: webhook, with its url and optional headers. */
    public static final ChannelType TYPE = new UrlChannelType("webhook",
            (spec, context) -> new WebhookSender(context.http().apply(spec.timeout()), spec.url(), spec.name(), spec.headers()),
            n -> payload(n, "warm-up"), Optional.empty());

    private final HttpPost http;
    private final URI url;
    private final String receiver;
    private final Map<String, String> headers;

    /** @param headers e.g. an Authorization header; never shown */
    public WebhookSender(HttpPost http, URI url, String receiver, Map<String, String> headers) {
        this.http = http;
        this.url = url;
        this.receiver = receiver;
        this.headers = Map.copyOf(headers);
    }

    @Override
    public Future<SendResult> send(Notification n) {
        return http.post(url, headers, payload(n, receiver));
    }

    /** The exact JSON posted. */
    public static String payload(Notification n, String receiver) {
        Incident i = n.incident();
        String status = n.kind() == Notification.Kind.RESOLVE ? "resolved" : "firing";
        ObjectNode alert = AlertmanagerFormat.alert(n, Map.of(), null);
        alert.put("status", status);
        alert.put("fingerprint", AlertmanagerFormat.fingerprint(i));
        ObjectNode root = AlertmanagerFormat.JSON.createObjectNode();
        root.put("version", "4");
        root.put("groupKey", "{}:{alertname=\"" + i.rule() + "\",endpoint=\"" + i.endpoint() + "\"}");
        root.put("truncatedAlerts", 0);
        root.put("status", status);
        root.put("receiver", receiver);
        root.putObject("groupLabels").put("alertname", i.rule()).put("endpoint", i.endpoint());
        root.set("commonLabels", alert.get("labels").deepCopy());
        root.set("commonAnnotations", alert.get("annotations").deepCopy());
        root.put("externalURL", "");
        ArrayNode alerts = root.putArray("alerts");
        alerts.add(alert);
        return root.toString();
    }

    @Override
    public String toString() {
        return "WebhookSender[" + url.getHost() + "]";
    }
}
