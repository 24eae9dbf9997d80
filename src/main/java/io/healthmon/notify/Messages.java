package io.healthmon.notify;

import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import java.time.Duration;

/** Wording shared by every channel, so a page reads the same in Slack, PagerDuty and email. */
public final class Messages {

    private Messages() {
    }

    /** "[FIRING P1] endpoint-down on database /api/health/database" (an email's subject). */
    public static String title(Notification n) {
        Incident i = n.incident();
        return "[" + n.kind().label() + " " + i.severity() + "] " + i.rule() + " on " + i.endpoint() + " " + path(i.url());
    }

    /** The title and the value against the threshold: "... /api/health/database: 2 consecutive failed probes ...". */
    public static String summary(Notification n) {
        return title(n) + ": " + condition(n.incident());
    }

    /** The value against the threshold, and whether it is flapping. */
    public static String condition(Incident i) {
        return i.text() + (i.flapping() ? FLAPPING : "");
    }

    /** Said of an incident held firing by flap damping. */
    public static final String FLAPPING = " (flapping: it kept resolving and firing again, so it is held firing"
            + " until clear for the flap window)";

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
        long s = Math.max(0, d.toSeconds());
        StringBuilder b = new StringBuilder();
        if (s >= 3600) {
            b.append(s / 3600).append("h ");
        }
        if (s >= 60) {
            b.append(s / 60 % 60).append("m ");
        }
        return b.append(s % 60).append('s').toString();
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
