package io.healthmon.notify.pagerduty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.healthmon.config.ChannelSpec;
import io.healthmon.notify.ChannelType;
import io.healthmon.notify.HttpPost;
import io.healthmon.notify.Messages;
import io.healthmon.notify.SendResult;
import io.healthmon.notify.Sender;
import io.healthmon.notify.SenderContext;
import io.vertx.core.Future;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PagerDuty Events API v2: one PagerDuty incident per notification group, triggered when the group
 * fires (again when its severity rises), resolved when the whole group has; the group's id is the
 * {@code dedup_key}, so a resend or a restart never opens a second PagerDuty incident, and every
 * firing rule is in {@code custom_details}. An acknowledgement in healthmon acknowledges the
 * group's alert (same {@code dedup_key}).
 * 202 accepted; 400 never retried; 429 and 5xx retried by the delivery queue.
 */
public final class PagerDutySender implements Sender {

    public static final URI DEFAULT_EVENTS_URL = URI.create("https://events.pagerduty.com/v2/enqueue");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEY_LENGTH = 32;

    /** type: pagerduty, with the integration's routing-key (url: the Events API, by default PagerDuty's). */
    public static final ChannelType TYPE = new ChannelType() {
        @Override
        public String key() {
            return "pagerduty";
        }

        @Override
        public boolean configured(ChannelSpec spec) {
            return spec.routingKey() != null && !spec.routingKey().isBlank();
        }

        @Override
        public List<String> check(ChannelSpec spec) {
            List<String> problems = new ArrayList<>();
            int n = spec.routingKey().trim().length();
            if (n != KEY_LENGTH) {
                problems.add("routing-key: a PagerDuty Events v2 integration key has " + KEY_LENGTH + " characters, got " + n);
            }
            if (spec.dedupKey() != null && !List.of("group", "stable").contains(spec.dedupKey())) {
                problems.add("dedup-key: expected group (one PagerDuty incident per outage) or stable (the same key from"
                        + " every replica), got '" + spec.dedupKey() + "'");
            }
            return problems;
        }

        @Override
        public Sender sender(ChannelSpec spec, SenderContext context) {
            return new PagerDutySender(context.http().apply(spec.timeout()), spec.url() == null ? DEFAULT_EVENTS_URL : spec.url(),
                    spec.routingKey().trim(), "stable".equals(spec.dedupKey()));
        }

        @Override
        public void render(Notification n) {
            event(n, "warm-up");
        }
    };

    private final HttpPost http;
    private final URI eventsUrl;
    private final String routingKey;
    private final boolean stableKey;

    public PagerDutySender(HttpPost http, URI eventsUrl, String routingKey) {
        this(http, eventsUrl, routingKey, false);
    }

    /**
     * @param stableKey the dedup key is {@code healthmon/<group key>} (the same from every replica,
     *                  and again for the next outage of the group) instead of the group's id
     */
    public PagerDutySender(HttpPost http, URI eventsUrl, String routingKey, boolean stableKey) {
        this.http = http;
        this.eventsUrl = eventsUrl;
        this.routingKey = routingKey;
        this.stableKey = stableKey;
    }

    @Override
    public Future<SendResult> send(Notification n) {
        Future<SendResult> sent = http.post(eventsUrl, Map.of(), event(n, routingKey, stableKey));
        if (n.kind() != Notification.Kind.TEST) {
            return sent;
        }
        // A test must not leave an incident open for someone to close: resolve it at once.
        Notification done = new Notification(Notification.Kind.RESOLVE, n.group(), n.incidents(), n.channel(), n.createdAt());
        return sent.compose(r -> r instanceof SendResult.Delivered
                ? http.post(eventsUrl, Map.of(), event(done, routingKey, stableKey)).map(ignored -> r) : Future.succeededFuture(r));
    }

    /** The exact JSON posted, keyed by the group's id. */
    public static String event(Notification n, String routingKey) {
        return event(n, routingKey, false);
    }

    /** The exact JSON posted; {@code stableKey}: keyed by the group's labels, the same from every replica. */
    public static String event(Notification n, String routingKey, boolean stableKey) {
        Incident lead = n.lead();
        ObjectNode root = JSON.createObjectNode();
        root.put("routing_key", routingKey);
        root.put("dedup_key", Messages.truncate(stableKey ? "healthmon/" + n.group().key() : n.group().id(), 255));
        if (n.kind() == Notification.Kind.RESOLVE) {
            root.put("event_action", "resolve");
            return root.toString();
        }
        if (n.kind() == Notification.Kind.ACKNOWLEDGE) {
            root.put("event_action", "acknowledge"); // the group's alert; PagerDuty stops notifying until it resolves
            return root.toString();
        }
        // a withdrawn acknowledgement goes as a trigger: the Events API cannot un-acknowledge, but the
        // alert's log then says so, and PagerDuty's own acknowledgement timeout re-triggers it
        root.put("event_action", "trigger");
        ObjectNode payload = root.putObject("payload");
        payload.put("summary", Messages.truncate(Messages.summary(n), 1024));
        payload.put("source", source(lead.url()));
        payload.put("severity", severity(lead));
        payload.put("timestamp", n.group().startedAt().toString());
        List<String> endpoints = Messages.endpoints(n);
        payload.put("component", String.join(",", endpoints));
        payload.put("group", endpoints.size() == 1 ? Messages.path(lead.url()) : n.group().key());
        payload.put("class", String.join(",", Messages.rules(n)));
        ObjectNode details = payload.putObject("custom_details");
        details.put("group", n.group().key());
        details.put("respond", Messages.respondWithin(lead));
        ArrayNode firing = details.putArray("firing");
        for (Incident i : n.incidents()) {
            ObjectNode a = firing.addObject();
            a.put("rule", i.rule());
            a.put("endpoint", i.endpoint());
            a.put("url", i.url());
            a.put("severity", i.severity().name());
            a.put("condition", Messages.condition(i));
            putNumber(a, "value", i.value());
            putNumber(a, "threshold", i.threshold());
            a.put("since", i.firedAt().toString());
            a.put("incident", i.id());
        }
        ObjectNode figures = details.putObject("windows");
        lead.figures().forEach((k, v) -> putNumber(figures, k, v));
        root.put("client", "healthmon");
        return root.toString();
    }

    /** P0 critical, P1 error, P2 warning, P3 info. */
    static String severity(Incident i) {
        return switch (i.severity()) {
            case P0 -> "critical";
            case P1 -> "error";
            case P2 -> "warning";
            case P3 -> "info";
        };
    }

    private static String source(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return "healthmon";
        }
        String rest = url.substring(scheme + 3);
        int end = rest.indexOf('/');
        return end < 0 ? rest : rest.substring(0, end);
    }

    private static void putNumber(ObjectNode node, String key, double v) {
        if (Double.isFinite(v)) {
            node.put(key, v);
        }
    }

    @Override
    public String toString() {
        return "PagerDutySender[" + eventsUrl.getHost() + "]"; // never the routing key
    }
}
