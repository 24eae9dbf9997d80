package io.healthmon.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
                if (r.getMessage().contains("incident=error-rate:database:x ")) { // not a running daemon's lines
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
            LogNotifier n = new LogNotifier();
            n.send(new Notification(Notification.Kind.TRIGGER, i, "log", fired));
            Incident done = new Incident(i.id(), i.rule(), i.endpoint(), i.url(), i.severity(), Incident.State.RESOLVED,
                    fired, fired.plusSeconds(90), 0, 0.01, "error-ratio over 5m 0.000 % > 1.000 %", List.of("log"), Map.of(), false);
            n.deliver(new Notification(Notification.Kind.RESOLVE, done, "log", fired.plusSeconds(90)));
        } finally {
            logger.removeHandler(capture);
        }
        assertEquals(List.of(
                "WARN notification kind=trigger channel=log incident=error-rate:database:x rule=error-rate severity=P1"
                        + " endpoint=database path=/api/health/database value=\"error-ratio over 5m 20.00 % > 1.000 %\"",
                "INFO notification kind=resolve channel=log incident=error-rate:database:x rule=error-rate severity=P1"
                        + " endpoint=database path=/api/health/database value=\"error-ratio over 5m 0.000 % > 1.000 %\""
                        + " firing_for=90s"), lines);
    }

    @Test
    void namesTheUrlPathOnly() {
        assertEquals("/api/health/database", Messages.path("https://db.example:8443/api/health/database"));
        assertEquals("/", Messages.path("http://db.example"));
        assertEquals("all endpoints", Messages.path("all endpoints"));
    }
}
