package io.healthmon.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.healthmon.alert.Group;
import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.healthmon.rule.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LogNotifierTest {

    @Test
    void writesOneStructuredLinePerNotificationNamingPathRuleSeverityAndValue() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getMessage().contains("group=endpoint=database/x ")) { // not a running daemon's lines
                    lines.add(r.getLevel() + " " + r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("io.healthmon.notify.log");
        logger.addHandler(capture);
        try {
            Instant fired = Instant.parse("2027-01-01T00:00:00Z");
            Incident i = new Incident("error-rate:database:x", "error-rate", "database",
                    "https://db.example:8443/api/health/database", Severity.P1, Incident.State.FIRING, fired, null, 0.2, 0.01,
                    "error-ratio over 5m 20.00 % > 1.000 %", List.of("log"), Map.of(), false);
            Incident down = new Incident("endpoint-down:database:x", "endpoint-down", "database", i.url(), Severity.P0,
                    Incident.State.FIRING, fired.plusSeconds(5), null, 3, 2, "3 consecutive failed probes (http_status), threshold 2",
                    List.of("log"), Map.of(), false);
            Group g = new Group("endpoint=database/x", "endpoint=database", Map.of("endpoint", "database"), fired);
            LogNotifier n = new LogNotifier();
            n.send(new Notification(Notification.Kind.TRIGGER, g, List.of(i), "log", fired));
            n.send(new Notification(Notification.Kind.TRIGGER, g, List.of(down, i), "log", fired.plusSeconds(5)));
            Instant end = fired.plusSeconds(90);
            n.deliver(new Notification(Notification.Kind.RESOLVE, g, List.of(down.resolved(end, 0, "answering again (last probe ok)"),
                    i.resolved(end, 0, "error-ratio over 1m back to 0.000 % (threshold 1.000 %)")), "log", end));
        } finally {
            logger.removeHandler(capture);
        }
        assertEquals(List.of(
                "WARN notification kind=trigger channel=log group=endpoint=database/x incidents=error-rate:database:x"
                        + " rules=error-rate severity=P1 endpoints=database path=/api/health/database"
                        + " value=\"error-ratio over 5m 20.00 % > 1.000 %\"",
                "WARN notification kind=trigger channel=log group=endpoint=database/x"
                        + " incidents=endpoint-down:database:x,error-rate:database:x rules=endpoint-down,error-rate severity=P0"
                        + " endpoints=database path=/api/health/database value=\"endpoint-down: 3 consecutive failed probes"
                        + " (http_status), threshold 2; error-rate: error-ratio over 5m 20.00 % > 1.000 %\"",
                "INFO notification kind=resolve channel=log group=endpoint=database/x"
                        + " incidents=endpoint-down:database:x,error-rate:database:x rules=endpoint-down,error-rate severity=P0"
                        + " endpoints=database path=/api/health/database value=\"endpoint-down: resolved after 1m 25s, answering"
                        + " again (last probe ok); fired with 3 consecutive failed probes (http_status), threshold 2; error-rate:"
                        + " resolved after 1m 30s,"
                        + " error-ratio over 1m back to 0.000 % (threshold 1.000 %); fired with error-ratio over 5m 20.00 % >"
                        + " 1.000 %\" firing_for=90s"), lines);
    }

    @Test
    void namesTheUrlPathOnly() {
        assertEquals("/api/health/database", Messages.path("https://db.example:8443/api/health/database"));
        assertEquals("/", Messages.path("http://db.example"));
        assertEquals("all endpoints", Messages.path("all endpoints"));
    }
}
