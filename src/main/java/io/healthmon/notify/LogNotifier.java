package io.healthmon.notify;

import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.vertx.core.Future;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import java.time.Duration;

/**
 * The log channel: one structured line per notification. The default when no other channel is
 * configured, the stand-in for a channel that is not, and what demo mode shows.
 */
public final class LogNotifier implements Sender {

    private static final Logger LOG = Logger.getLogger("io.healthmon.notify.log");

    @Override
    public Future<SendResult> send(Notification n) {
        deliver(n);
        return Future.succeededFuture(new SendResult.Delivered("logged"));
    }

    void deliver(Notification n) {
        Incident lead = n.lead();
        String line = String.format(Locale.ROOT,
                "notification kind=%s channel=%s group=%s incidents=%s rules=%s severity=%s endpoints=%s%s value=\"%s\"%s",
                n.kind().name().toLowerCase(Locale.ROOT), n.channel(), n.group().id(),
                n.incidents().stream().map(Incident::id).collect(Collectors.joining(",")),
                String.join(",", Messages.rules(n)), lead.severity(), String.join(",", Messages.endpoints(n)),
                Messages.endpoints(n).size() == 1 ? " path=" + Messages.path(lead.url()) : "",
                n.incidents().stream().map(i -> (n.incidents().size() == 1 ? "" : i.rule() + ": ") + Messages.state(n, i))
                        .collect(Collectors.joining("; ")),
                n.kind() == Notification.Kind.RESOLVE ? " firing_for=" + Messages.firingFor(n).toSeconds() + "s" : "");
        if (n.kind().firing()) {
            LOG.warn(line);
        } else {
            LOG.info(line);
        }
    }

}
