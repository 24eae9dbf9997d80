package io.healthmon.notify.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.healthmon.notify.ChannelType;
import io.healthmon.notify.UrlChannelType;
import io.healthmon.notify.HttpPost;
import io.healthmon.notify.Messages;
import io.healthmon.notify.SendResult;
import io.healthmon.notify.Sender;
import io.vertx.core.Future;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Slack through an incoming webhook: one webhook URL per Slack channel (a webhook cannot choose
 * its channel). The message is Block Kit with a plain-text fallback. The URL is the secret.
 */
public final class SlackSender implements Sender {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** type: slack, with the incoming webhook's url. */
    public static final ChannelType TYPE = new UrlChannelType("slack",
            (spec, context) -> new SlackSender(context.http().apply(spec.timeout()), spec.url()), SlackSender::message,
            Optional.empty());

    private final HttpPost http;
    private final URI webhook;

    public SlackSender(HttpPost http, URI webhook) {
        this.http = http;
        this.webhook = webhook;
    }

    @Override
    public Future<SendResult> send(Notification n) {
        return http.post(webhook, Map.of(), message(n));
    }

    /** The exact JSON posted. */
    public static String message(Notification n) {
        Incident i = n.incident();
        boolean firing = n.kind().firing();
        ObjectNode root = JSON.createObjectNode();
        root.put("text", Messages.summary(n));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text")
                .put("text", (firing ? ":red_circle: " : ":white_check_mark: ") + n.kind().label() + " · " + i.severity() + " · " + i.rule());
        ObjectNode section = blocks.addObject().put("type", "section");
        ArrayNode fields = section.putArray("fields");
        field(fields, "*Endpoint*\n" + i.endpoint() + " `" + Messages.path(i.url()) + "`\n" + i.url());
        field(fields, "*Severity*\n" + i.severity() + " (" + Messages.respondWithin(i) + ")");
        field(fields, "*" + (firing ? "Value vs threshold" : "Now") + "*\n" + i.text());
        field(fields, firing ? "*Since*\n<!date^" + i.firedAt().getEpochSecond() + "^{date_short_pretty} {time_secs}|"
                + i.firedAt() + ">"
                : "*Firing for*\n" + Messages.duration(Duration.between(i.firedAt(), i.resolvedAt())));
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", "incident `" + i.id() + "` · healthmon");
        return root.toString();
    }

    private static void field(ArrayNode fields, String text) {
        fields.addObject().put("type", "mrkdwn").put("text", text);
    }

    @Override
    public String toString() {
        return "SlackSender[" + webhook.getHost() + "]"; // never the path: it is the secret
    }
}
