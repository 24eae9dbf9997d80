package io.healthmon.notify.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.alert.Notification;
import io.healthmon.notify.HttpChannelContract;
import io.healthmon.notify.SendResult;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EmailSenderTest {


    private static SendResult sendFailing(Throwable t) throws Exception {
        EmailSender s = new EmailSender(m -> Uni.createFrom().failure(t), List.of("oncall@example.com"), "hm@example.com",
                Duration.ofSeconds(5));
        return s.send(HttpChannelContract.trigger()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void exactSubjectAndPlainText() {
        assertEquals("[RESOLVED P1] error-rate on database /api/health/database", EmailSender.subject(HttpChannelContract.resolve()));
        assertEquals("""
                FIRING: error-rate on database
                Severity:  P1 (respond within 1 h)

                error-rate (P1) on database
                  Endpoint:  https://thebestnexusletters.com/api/health/database
                  Condition: error-ratio over 5m 25.00 % > 1.000 %
                  Since:     2027-01-01T00:00:00Z
                  Incident:  error-rate:database:tp7ebd

                Windows of database when error-rate fired:
                  availability_1h = 0.9
                  error_ratio_5m = 0.25
                  p95_seconds_5m = 0.12

                Group endpoint=database/tp7ebd (healthmon)
                """, EmailSender.text(HttpChannelContract.trigger()));
    }

    @Test
    void anAcknowledgementSaysWhoAndWhatTheySaidAboveTheIncident() {
        Notification n = HttpChannelContract.acknowledged();
        assertEquals("[ACKNOWLEDGED P1] error-rate on database /api/health/database", EmailSender.subject(n));
        assertEquals("""
                ACKNOWLEDGED: error-rate on database
                Severity:  P1 (respond within 1 h)
                Acknowledged by alice ("restarting the pooler"): reminders stop until it resolves

                error-rate (P1) on database
                  Endpoint:  https://thebestnexusletters.com/api/health/database
                  Condition: error-ratio over 5m 25.00 % > 1.000 %
                  Since:     2027-01-01T00:00:00Z
                  Incident:  error-rate:database:tp7ebd

                Windows of database when error-rate fired:
                  availability_1h = 0.9
                  error_ratio_5m = 0.25
                  p95_seconds_5m = 0.12

                Group endpoint=database/tp7ebd (healthmon)
                """, EmailSender.text(n));
        assertTrue(EmailSender.html(n).contains("<p><strong>Acknowledged by alice (&quot;restarting the pooler&quot;): reminders"
                + " stop until it resolves</strong></p>"), EmailSender.html(n));
        assertTrue(EmailSender.text(HttpChannelContract.unacknowledged())
                .contains("\nAcknowledgement withdrawn: reminders and escalation resume\n"));
    }

    @Test
    void oneMailPerGroupEventListingWhatFiredAndHowItRecovered() {
        assertEquals("[RESOLVED P0] endpoint-down, error-rate on database /api/health/database",
                EmailSender.subject(HttpChannelContract.groupResolve()));
        assertEquals("""
                RESOLVED: endpoint-down, error-rate on database
                Severity:  P0 (respond immediately)
                Firing for 5m 10s

                endpoint-down (P0) on database
                  Endpoint:  https://thebestnexusletters.com/api/health/database
                  Recovered: answering again (last probe ok)
                  Since:     2027-01-01T00:00:05Z
                  Resolved:  2027-01-01T00:04:50Z after 4m 45s
                  Fired with: 3 consecutive failed probes (http_status), threshold 2
                  Incident:  endpoint-down:database:tp7ebi

                error-rate (P1) on database
                  Endpoint:  https://thebestnexusletters.com/api/health/database
                  Recovered: error-ratio over 1m back to 0.000 % (threshold 1.000 %)
                  Since:     2027-01-01T00:00:00Z
                  Resolved:  2027-01-01T00:05:10Z after 5m 10s
                  Fired with: error-ratio over 5m 25.00 % > 1.000 %
                  Incident:  error-rate:database:tp7ebd

                Group endpoint=database/tp7ebd (healthmon)
                """, EmailSender.text(HttpChannelContract.groupResolve()));
    }

    @Test
    void permanentSmtpFailuresAreDroppedTransientOnesRetried() throws Exception {
        assertEquals(new SendResult.Permanent("SMTP server refused the mail (550)"),
                sendFailing(new SMTPException("550 mailbox unavailable oncall@example.com", 550, List.of(), false)));
        assertEquals(new SendResult.Retry("SMTP server deferred the mail (451)"),
                sendFailing(new SMTPException("451 try later", 451, List.of(), false)));
        assertEquals(new SendResult.Retry("cannot connect to the SMTP server"),
                sendFailing(new ConnectException("Connection refused")));
    }

    @Test
    void aSlowServerIsATimeoutAndRetried() throws Exception {
        EmailSender s = new EmailSender(m -> Uni.createFrom().nothing(), List.of("oncall@example.com"), "hm@example.com",
                Duration.ofMillis(200));
        SendResult r = s.send(HttpChannelContract.trigger()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(new SendResult.Retry("the SMTP server did not answer in time"), r);
    }

    @Test
    void failureReasonsCarryNoServerTextOrAddress() throws Exception {
        SendResult r = sendFailing(new SMTPException("535 auth failed for healthmon:smtp-pa55word", 535, List.of(), false));
        assertFalse(r.reason().contains("pa55word") || r.reason().contains("oncall"), r.reason());
        assertFalse(new EmailSender(m -> null, List.of("oncall@example.com"), "x@y", Duration.ofSeconds(1)).toString().contains("oncall"));
    }
}
