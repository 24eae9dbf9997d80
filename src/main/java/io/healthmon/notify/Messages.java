package io.healthmon.notify;

import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.healthmon.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Wording shared by every channel, so a page reads the same in Slack, PagerDuty and email. A
 * message is about a group of incidents: the title names the group's rules and endpoints, the body
 * has one line per incident.
 */
public final class Messages {

    /** Endpoints named in a title before "+N more". */
    private static final int NAMED = 3;

    private Messages() {
    }

    /** "[FIRING P1] endpoint-down, error-rate on database /api/health/database" (an email's subject). */
    public static String title(Notification n) {
        Incident lead = n.lead();
        return "[" + n.kind().label() + " " + lead.severity() + "] " + String.join(", ", rules(n)) + " on " + where(n);
    }

    /** The title and each incident's value against its threshold (or how it recovered). */
    public static String summary(Notification n) {
        StringBuilder b = new StringBuilder(title(n)).append(": ");
        List<Incident> all = n.incidents();
        for (int k = 0; k < all.size(); k++) {
            Incident i = all.get(k);
            b.append(k == 0 ? "" : "; ").append(all.size() == 1 ? "" : i.rule() + ": ").append(state(n, i));
        }
        return b.toString();
    }

    /** One incident as a line of a message: "endpoint-down (P1) on database: 2 consecutive failed probes ...". */
    public static String line(Notification n, Incident i) {
        return i.rule() + " (" + i.severity() + ")" + (endpoints(n).size() > 1 ? " on " + i.endpoint() : "") + ": " + state(n, i);
    }

    /** Acknowledged (or withdrawn): who, then the value against the threshold; firing: the value against the threshold; resolved: for how long it fired, how it recovered and what it fired with. */
    public static String state(Notification n, Incident i) {
        if (n.kind().acknowledgement()) {
            return acknowledgement(n.kind(), i) + "; " + condition(i);
        }
        if (i.resolvedAt() == null) {
            return condition(i);
        }
        return "resolved after " + duration(Duration.between(i.firedAt(), i.resolvedAt())) + ", " + i.text()
                + "; fired with " + i.firedText();
    }

    /** "acknowledged by alice ("on it"): reminders stop", or that the acknowledgement was withdrawn. */
    public static String acknowledgement(Notification.Kind kind, Incident i) {
        var ack = i.acknowledged();
        if (kind == Notification.Kind.ACKNOWLEDGE && ack != null) {
            return "acknowledged by " + ack.by() + (ack.comment().isEmpty() ? "" : " (\"" + ack.comment() + "\")")
                    + ": reminders stop until it resolves";
        }
        return "acknowledgement withdrawn: reminders and escalation resume";
    }

    /** The value against the threshold, and whether it is flapping. */
    public static String condition(Incident i) {
        return i.text() + (i.flapping() ? FLAPPING : "");
    }

    /** Said of an incident held firing by flap damping. */
    public static final String FLAPPING = " (flapping: it kept resolving and firing again, so it is held firing"
            + " until clear for the flap window)";

    /** The rules of a message, each once, in the order listed. */
    public static List<String> rules(Notification n) {
        return n.incidents().stream().map(Incident::rule).distinct().toList();
    }

    /** The endpoints of a message, each once, in the order listed. */
    public static List<String> endpoints(Notification n) {
        return n.incidents().stream().map(Incident::endpoint).distinct().toList();
    }

    /** "database /api/health/database" for one endpoint, "auth, database" for several. */
    public static String where(Notification n) {
        List<String> eps = endpoints(n);
        if (eps.size() == 1) {
            return eps.get(0) + " " + path(n.lead().url());
        }
        String named = String.join(", ", eps.subList(0, Math.min(NAMED, eps.size())));
        return eps.size() > NAMED ? named + " +" + (eps.size() - NAMED) + " more" : named;
    }

    /** The URL path alone (e.g. /api/health/database), which every notification names. */
    public static String path(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int slash = url.indexOf('/', scheme + 3);
        return slash < 0 ? "/" : url.substring(slash);
    }

    /** "1h 5m 10s", "45s". */
    public static String duration(Duration d) {
        return Durations.words(d);
    }

    /** When the first incident of a message fired. */
    public static Instant since(Notification n) {
        return n.incidents().stream().map(Incident::firedAt).min(Instant::compareTo).orElseThrow();
    }

    /** At most {@code max} characters, an ellipsis marking a cut (the channels' field limits). */
    public static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** How long the group of a resolve notification was firing: from its first incident to its last resolve. */
    public static Duration firingFor(Notification n) {
        Instant first = since(n);
        Instant last = n.incidents().stream().map(i -> i.resolvedAt() == null ? n.createdAt() : i.resolvedAt())
                .max(Instant::compareTo).orElseThrow();
        return Duration.between(first, last);
    }

    public static String respondWithin(Incident i) {
        return switch (i.severity()) {
            case P0 -> "respond immediately";
            case P1 -> "respond within 1 h";
            case P2 -> "respond within 4 h";
            case P3 -> "respond within a week";
        };
    }
}
