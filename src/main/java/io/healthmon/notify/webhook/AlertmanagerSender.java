package io.healthmon.notify.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.healthmon.notify.ChannelType;
import io.healthmon.notify.UrlChannelType;
import io.healthmon.notify.HttpPost;
import io.healthmon.notify.SendResult;
import io.healthmon.notify.Sender;
import io.vertx.core.Future;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

/**
 * Posts to an Alertmanager's {@code /api/v2/alerts}, so several healthmon instances can feed one
 * Alertmanager cluster, which de-duplicates them (same labels). A firing alert is sent with an end
 * time {@code hold} ahead and refreshed by the repeat notifications well before then, as
 * Prometheus does; a resolved one ends when it resolved.
 */
public final class AlertmanagerSender implements Sender {

    /** How far ahead a firing alert's endsAt lies: Alertmanager resolves it by itself if we vanish. */
    public static final Duration HOLD = Duration.ofMinutes(5);
    /** How often a firing alert must be re-sent to stay firing. */
    public static final Duration REFRESH = Duration.ofMinutes(1);

    /** type: alertmanager, with the Alertmanager's base url; firing alerts are refreshed every minute. */
    public static final ChannelType TYPE = new UrlChannelType("alertmanager",
            (spec, context) -> new AlertmanagerSender(context.http().apply(spec.timeout()), spec.url(), context.clock(), spec.headers(),
                    spec.labels()),
            n -> payload(n, Clock.systemUTC()), Optional.of(REFRESH));

    /** The labels every alert carries from healthmon itself (healthmon.instance-label cannot take these names). */
    public static final Set<String> OWN_LABELS = AlertmanagerFormat.OWN_LABELS;

    private final HttpPost http;
    private final URI alertsUrl;
    private final Clock clock;
    private final Map<String, String> headers;
    private final Map<String, String> labels;

    /** @param baseUrl the Alertmanager, e.g. http://alertmanager:9093 */
    public AlertmanagerSender(HttpPost http, URI baseUrl, Clock clock, Map<String, String> headers) {
        this(http, baseUrl, clock, headers, Map.of());
    }

    /** @param labels added to every alert's labels (healthmon.instance-label) */
    public AlertmanagerSender(HttpPost http, URI baseUrl, Clock clock, Map<String, String> headers, Map<String, String> labels) {
        this.http = http;
        String base = baseUrl.toString().endsWith("/") ? baseUrl.toString() : baseUrl + "/";
        this.alertsUrl = URI.create(base + "api/v2/alerts");
        this.clock = clock;
        this.headers = Map.copyOf(headers);
        this.labels = Map.copyOf(labels);
    }

    @Override
    public Future<SendResult> send(Notification n) {
        return http.post(alertsUrl, headers, payload(n, clock, labels));
    }

    /** The exact JSON posted. */
    public static String payload(Notification n, Clock clock) {
        return payload(n, clock, Map.of());
    }

    /** The exact JSON posted, each alert with {@code labels} added. */
    public static String payload(Notification n, Clock clock, Map<String, String> labels) {
        ArrayNode alerts = AlertmanagerFormat.JSON.createArrayNode();
        for (Incident i : n.incidents()) {
            alerts.add(AlertmanagerFormat.alert(n, i, labels, clock.instant().plus(HOLD)));
        }
        return alerts.toString();
    }

    @Override
    public String toString() {
        return "AlertmanagerSender[" + alertsUrl.getHost() + "]";
    }
}
