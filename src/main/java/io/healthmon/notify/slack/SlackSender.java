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
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.Optional;

/**
 * Slack through an incoming webhook: one webhook URL per Slack channel (a webhook cannot choose
 * its channel). The message is Block Kit with a plain-text fallback. The URL is the secret.
 */
public final class SlackSender implements Sender {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FIELD_MAX = 2000;
    private static final int HEADER_MAX = 150;

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

    /** The exact JSON posted: one message for the group, one line per incident. */
    public static String message(Notification n) {
        Incident lead = n.lead();
        boolean firing = n.kind().firing();
        ObjectNode root = JSON.createObjectNode();
        root.put("text", Messages.summary(n));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        String title = (n.kind().acknowledgement() ? ":eyes: " : firing ? ":red_circle: " : ":white_check_mark: ") + n.kind().label() + " · " + lead.severity() + " · "
                + String.join(", ", Messages.rules(n));
        header.putObject("text").put("type", "plain_text").put("text", Messages.truncate(title, HEADER_MAX));
        ObjectNode section = blocks.addObject().put("type", "section");
        ArrayNode fields = section.putArray("fields");
        List<String> endpoints = Messages.endpoints(n);
        field(fields, endpoints.size() == 1
                ? "*Endpoint*\n" + lead.endpoint() + " `" + Messages.path(lead.url()) + "`\n" + lead.url()
                : "*Endpoints*\n" + Messages.where(n));
        field(fields, "*Severity*\n" + lead.severity() + " (" + Messages.respondWithin(lead) + ")");
        StringBuilder lines = new StringBuilder();
        for (Incident i : n.incidents()) {
            lines.append(lines.length() == 0 ? "" : "\n").append(n.incidents().size() == 1 ? Messages.state(n, i)
                    : "• " + Messages.line(n, i));
        }
        field(fields, "*" + (firing ? "Value vs threshold" : "Resolved") + "*\n" + lines);
        Instant since = Messages.since(n);
        field(fields, firing ? "*Since*\n<!date^" + since.getEpochSecond() + "^{date_short_pretty} {time_secs}|" + since + ">"
                : "*Firing for*\n" + Messages.duration(Messages.firingFor(n)));
        String ids = n.incidents().stream().map(i -> "`" + i.id() + "`").collect(Collectors.joining(", "));
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", (n.incidents().size() == 1 ? "incident " : "incidents ") + ids + " · healthmon");
        return root.toString();
    }

    /** Slack cuts a field at 2,000 characters and a header at 150. */
    private static void field(ArrayNode fields, String text) {
        fields.addObject().put("type", "mrkdwn").put("text", Messages.truncate(text, FIELD_MAX));
    }

    @Override
    public String toString() {
        return "SlackSender[" + webhook.getHost() + "]"; // never the path: it is the secret
    }
}
