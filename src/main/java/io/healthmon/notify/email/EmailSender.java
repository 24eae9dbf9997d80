package io.healthmon.notify.email;

import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.healthmon.config.ChannelSpec;
import io.healthmon.notify.ChannelType;
import io.healthmon.notify.Messages;
import io.healthmon.notify.SendResult;
import io.healthmon.notify.Sender;
import io.healthmon.notify.SenderContext;
import io.quarkus.mailer.Mail;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.ext.mail.SMTPException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.TimeoutException;

/**
 * Email through quarkus-mailer over SMTP (host, port, TLS and credentials under quarkus.mailer.*).
 * The subject carries the severity and endpoint; the body comes as plain text and HTML. SMTP's
 * transient failures (4xx) and lost connections are retried, permanent ones (5xx) are not.
 */
public final class EmailSender implements Sender {

    /** type: email, with recipients in to (and from, default quarkus.mailer.from); SMTP under quarkus.mailer.*. */
    public static final ChannelType TYPE = new ChannelType() {
        @Override
        public String key() {
            return "email";
        }

        @Override
        public boolean configured(ChannelSpec spec) {
            return !spec.to().isEmpty();
        }

        @Override
        public List<String> check(ChannelSpec spec) {
            return spec.to().stream().filter(a -> !a.matches("[^@\\s]+@[^@\\s]+"))
                    .map(a -> "to: '" + a + "' is not an email address").toList();
        }

        @Override
        public Sender sender(ChannelSpec spec, SenderContext context) {
            return new EmailSender(context.mail(), spec.to(), spec.from(), spec.timeout());
        }

        @Override
        public void render(Notification n) {
            mail(n, List.of("warm-up@localhost"), "warm-up@localhost");
        }
    };

    private static final String NO_ANSWER = "the SMTP server did not answer in time";

    private final Function<Mail, Uni<Void>> transport;
    private final List<String> to;
    private final String from;
    private final Duration timeout;

    /** @param transport {@code reactiveMailer::send} in production */
    public EmailSender(Function<Mail, Uni<Void>> transport, List<String> to, String from, Duration timeout) {
        this.transport = transport;
        this.to = List.copyOf(to);
        this.from = from;
        this.timeout = timeout;
    }

    @Override
    public Future<SendResult> send(Notification n) {
        Uni<SendResult> sent;
        try {
            sent = transport.apply(mail(n, to, from))
                    .map(v -> (SendResult) new SendResult.Delivered("accepted by the SMTP server"))
                    .onFailure().recoverWithItem(EmailSender::classify)
                    .ifNoItem().after(timeout).recoverWithItem(() -> new SendResult.Retry(NO_ANSWER));
        } catch (RuntimeException e) {
            sent = Uni.createFrom().item(classify(e));
        }
        return Future.fromCompletionStage(sent.subscribeAsCompletionStage());
    }

    public static Mail mail(Notification n, List<String> to, String from) {
        return new Mail().setTo(to).setFrom(from).setSubject(subject(n)).setText(text(n)).setHtml(html(n));
    }

    /** "[FIRING P1] error-rate on database /api/health/database". */
    public static String subject(Notification n) {
        return Messages.title(n);
    }

    public static String text(Notification n) {
        Incident lead = n.lead();
        StringBuilder b = new StringBuilder();
        b.append(n.kind().label()).append(": ").append(String.join(", ", Messages.rules(n)))
                .append(" on ").append(String.join(", ", Messages.endpoints(n))).append('\n');
        b.append("Severity:  ").append(lead.severity()).append(" (").append(Messages.respondWithin(lead)).append(")\n");
        if (n.kind() == Notification.Kind.RESOLVE) {
            b.append("Firing for ").append(Messages.duration(Messages.firingFor(n))).append('\n');
        }
        if (n.kind().acknowledgement()) {
            b.append(capital(Messages.acknowledgement(n.kind(), lead))).append('\n');
        }
        for (Incident i : n.incidents()) {
            b.append('\n').append(i.rule()).append(" (").append(i.severity()).append(") on ").append(i.endpoint()).append('\n');
            b.append("  Endpoint:  ").append(i.url()).append('\n');
            b.append(i.resolvedAt() == null ? "  Condition: " : "  Recovered: ").append(Messages.condition(i)).append('\n');
            b.append("  Since:     ").append(i.firedAt()).append('\n');
            if (i.resolvedAt() != null) {
                b.append("  Resolved:  ").append(i.resolvedAt()).append(" after ")
                        .append(Messages.duration(Duration.between(i.firedAt(), i.resolvedAt()))).append('\n');
                b.append("  Fired with: ").append(i.firedText()).append('\n');
            }
            b.append("  Incident:  ").append(i.id()).append('\n');
        }
        if (!lead.figures().isEmpty()) {
            b.append("\nWindows of ").append(lead.endpoint()).append(" when ").append(lead.rule()).append(" fired:\n");
            lead.figures().forEach((k, v) -> b.append("  ").append(k).append(" = ").append(v).append('\n'));
        }
        b.append("\nGroup ").append(n.group().id()).append(" (healthmon)\n");
        return b.toString();
    }

    public static String html(Notification n) {
        Incident lead = n.lead();
        boolean firing = n.kind().firing();
        StringBuilder b = new StringBuilder("<html><body>");
        b.append("<h2 style=\"color:").append(firing ? "#b00020" : "#1b7f3b").append("\">")
                .append(n.kind().label()).append(" &middot; ").append(lead.severity()).append(" &middot; ")
                .append(esc(String.join(", ", Messages.rules(n)))).append("</h2>");
        b.append("<p>").append(esc(Messages.where(n))).append(" &middot; ").append(lead.severity()).append(" (")
                .append(Messages.respondWithin(lead)).append(")");
        if (n.kind() == Notification.Kind.RESOLVE) {
            b.append(" &middot; firing for ").append(Messages.duration(Messages.firingFor(n)));
        }
        b.append("</p>");
        if (n.kind().acknowledgement()) {
            b.append("<p><strong>").append(esc(capital(Messages.acknowledgement(n.kind(), lead)))).append("</strong></p>");
        }
        for (Incident i : n.incidents()) {
            b.append("<h3>").append(esc(i.rule())).append(" (").append(i.severity()).append(") on ").append(esc(i.endpoint()))
                    .append("</h3><table>");
            row(b, "Endpoint", "<code>" + esc(Messages.path(i.url())) + "</code><br>" + esc(i.url()));
            row(b, i.resolvedAt() == null ? "Condition" : "Recovered", esc(Messages.condition(i)));
            row(b, "Since", i.firedAt().toString());
            if (i.resolvedAt() != null) {
                row(b, "Resolved", i.resolvedAt() + " after " + Messages.duration(Duration.between(i.firedAt(), i.resolvedAt())));
                row(b, "Fired with", esc(i.firedText()));
            }
            row(b, "Incident", esc(i.id()));
            b.append("</table>");
        }
        if (!lead.figures().isEmpty()) {
            b.append("<h3>Windows of ").append(esc(lead.endpoint())).append(" when ").append(esc(lead.rule()))
                    .append(" fired</h3><table>");
            lead.figures().forEach((k, v) -> row(b, esc(k), String.valueOf(v)));
            b.append("</table>");
        }
        return b.append("<p><small>Group ").append(esc(n.group().id())).append(" &middot; healthmon</small></p></body></html>")
                .toString();
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static void row(StringBuilder b, String k, String v) {
        b.append("<tr><th align=\"left\">").append(k).append("</th><td>").append(v).append("</td></tr>");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * In SMTP's own terms: a transient reply (4xx) or a lost connection is worth another attempt; a
     * permanent reply (5xx) means the server will never take this mail. No server text is kept.
     */
    static SendResult classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SMTPException smtp) {
                int code = smtp.getReplyCode();
                return smtp.isPermanent()
                        ? new SendResult.Permanent("SMTP server refused the mail (" + code + ")")
                        : new SendResult.Retry("SMTP server deferred the mail (" + code + ")");
            }
            if (c instanceof ConnectException) {
                return new SendResult.Retry("cannot connect to the SMTP server");
            }
            if (c instanceof TimeoutException) {
                return new SendResult.Retry(NO_ANSWER);
            }
        }
        return new SendResult.Retry("sending mail failed: " + t.getClass().getSimpleName());
    }

    @Override
    public String toString() {
        return "EmailSender[" + to.size() + " recipient(s)]";
    }
}
