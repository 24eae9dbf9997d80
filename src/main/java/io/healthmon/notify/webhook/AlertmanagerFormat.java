package io.healthmon.notify.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.healthmon.notify.Messages;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** An incident as an Alertmanager alert: the labels, annotations and times both formats share. */
final class AlertmanagerFormat {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Alertmanager's "no end time". */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private AlertmanagerFormat() {
    }

    /** The labels {@link #labels} sets itself: an extra label cannot take these names. */
    static final Set<String> OWN_LABELS = Set.of("alertname", "endpoint", "severity", "path", "source");

    static Map<String, String> labels(Incident i, Map<String, String> extra) {
        Map<String, String> l = new TreeMap<>(extra);
        l.put("alertname", i.rule());
        l.put("endpoint", i.endpoint());
        l.put("severity", i.severity().name());
        l.put("path", Messages.path(i.url()));
        l.put("source", "healthmon");
        return l;
    }

    static Map<String, String> annotations(Notification n, Incident i) {
        Map<String, String> a = new TreeMap<>();
        a.put("summary", "[" + n.kind().label() + " " + i.severity() + "] " + i.rule() + " on " + i.endpoint() + " "
                + Messages.path(i.url()) + ": " + Messages.state(n, i));
        a.put("description", i.text());
        a.put("url", i.url());
        a.put("incident", i.id());
        a.put("group", n.group().id());
        a.put("respond", Messages.respondWithin(i));
        if (i.acknowledged() != null) { // on every refresh while it lasts, not only in the acknowledgement's message
            a.put("acknowledged", i.acknowledged().by() + (i.acknowledged().comment().isEmpty() ? ""
                    : ": " + i.acknowledged().comment()) + " at " + i.acknowledged().at());
        }
        return a;
    }

    /** One alert object per incident; a firing one ends at {@code firingEndsAt} unless refreshed. */
    static ObjectNode alert(Notification n, Incident i, Map<String, String> extraLabels, Instant firingEndsAt) {
        boolean resolved = i.resolvedAt() != null;
        ObjectNode a = JSON.createObjectNode();
        ObjectNode labels = a.putObject("labels");
        labels(i, extraLabels).forEach(labels::put);
        ObjectNode ann = a.putObject("annotations");
        annotations(n, i).forEach(ann::put);
        a.put("startsAt", i.firedAt().toString());
        a.put("endsAt", resolved ? i.resolvedAt().toString() : firingEndsAt == null ? ZERO_TIME : firingEndsAt.toString());
        a.put("generatorURL", "");
        return a;
    }

    static String fingerprint(Incident i) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(i.id().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
