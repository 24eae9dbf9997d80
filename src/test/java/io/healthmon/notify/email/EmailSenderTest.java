package io.healthmon.notify.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.healthmon.notify.HttpChannelContract;
import io.healthmon.notify.RetryPolicy;
import io.healthmon.notify.SendResult;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EmailSenderTest {

    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(24), () -> 0.5);

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
                Endpoint:  https://thebestnexusletters.com/api/health/database
                Severity:  P1 (respond within 1 h)
                Condition: error-ratio over 5m 25.00 % > 1.000 %
                Since:     2027-01-01T00:00:00Z

                Windows when it fired:
                  availability_1h = 0.9
                  error_ratio_5m = 0.25
                  p95_seconds_5m = 0.12

                Incident error-rate:database:tp7ebd (healthmon)
                """, EmailSender.text(HttpChannelContract.trigger()));
    }

    @Test
    void permanentSmtpFailuresAreDroppedTransientOnesRetried() throws Exception {
        SendResult permanent = sendFailing(new SMTPException("550 mailbox unavailable oncall@example.com", 550, List.of(), false));
        assertInstanceOf(RetryPolicy.Drop.class, POLICY.decide(permanent, 1, Duration.ZERO));
        SendResult transientFailure = sendFailing(new SMTPException("451 try later", 451, List.of(), false));
        assertInstanceOf(RetryPolicy.Retry.class, POLICY.decide(transientFailure, 1, Duration.ZERO));
        SendResult down = sendFailing(new ConnectException("Connection refused"));
        assertInstanceOf(RetryPolicy.Retry.class, POLICY.decide(down, 1, Duration.ZERO));
    }

    @Test
    void aSlowServerIsATimeoutAndRetried() throws Exception {
        EmailSender s = new EmailSender(m -> Uni.createFrom().nothing(), List.of("oncall@example.com"), "hm@example.com",
                Duration.ofMillis(200));
        SendResult r = s.send(HttpChannelContract.trigger()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(SendResult.Kind.TIMEOUT, r.kind());
        assertInstanceOf(RetryPolicy.Retry.class, POLICY.decide(r, 1, Duration.ZERO));
    }

    @Test
    void failureReasonsCarryNoServerTextOrAddress() throws Exception {
        SendResult r = sendFailing(new SMTPException("535 auth failed for healthmon:smtp-pa55word", 535, List.of(), false));
        assertFalse(r.reason().contains("pa55word") || r.reason().contains("oncall"), r.reason());
        assertFalse(new EmailSender(m -> null, List.of("oncall@example.com"), "x@y", Duration.ofSeconds(1)).toString().contains("oncall"));
    }
}
