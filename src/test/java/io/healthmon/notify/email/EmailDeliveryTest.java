package io.healthmon.notify.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.notify.HttpChannelContract;
import io.healthmon.notify.SendResult;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The email channel through quarkus-mailer to a real SMTP server, with authentication. */
@QuarkusTest
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class EmailDeliveryTest {

    @Inject
    ReactiveMailer mailer;

    @Test
    void aTriggerArrivesWithSeverityAndEndpointInTheSubjectAndBothBodies() throws Exception {
        EmailSender sender = new EmailSender(mailer::send, List.of("oncall@example.com"), "healthmon@example.com",
                Duration.ofSeconds(10));
        SendResult r = sender.send(HttpChannelContract.trigger()).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertEquals(new SendResult.Delivered("accepted by the SMTP server"), r);

        assertTrue(SmtpServer.greenMail.waitForIncomingEmail(10_000, 1));
        MimeMessage m = SmtpServer.greenMail.getReceivedMessages()[0];
        assertEquals("[FIRING P1] error-rate on database /api/health/database", m.getSubject());
        assertEquals("oncall@example.com", m.getAllRecipients()[0].toString());
        assertEquals("healthmon@example.com", m.getFrom()[0].toString());
        String all = parts(m.getContent());
        assertTrue(all.contains("text/plain") && all.contains("text/html"), all);
        assertTrue(all.contains("Condition: error-ratio over 5m 25.00 % > 1.000 %"), all);
        assertTrue(all.contains("<code>/api/health/database</code>"), all);
    }

    private static String parts(Object content) throws Exception {
        if (content instanceof Multipart mp) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < mp.getCount(); i++) {
                b.append(mp.getBodyPart(i).getContentType()).append('\n').append(parts(mp.getBodyPart(i).getContent())).append('\n');
            }
            return b.toString();
        }
        return String.valueOf(content);
    }
}
