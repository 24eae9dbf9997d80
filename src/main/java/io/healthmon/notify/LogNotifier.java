package io.healthmon.notify;

import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.vertx.core.Future;
import java.util.Locale;
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
        Incident i = n.incident();
        String line = String.format(Locale.ROOT,
                "notification kind=%s channel=%s incident=%s rule=%s severity=%s endpoint=%s path=%s value=\"%s\"%s",
                n.kind().name().toLowerCase(Locale.ROOT), n.channel(), i.id(), i.rule(), i.severity(), i.endpoint(),
                Messages.path(i.url()), Messages.condition(i), n.kind() == Notification.Kind.RESOLVE
                        ? " firing_for=" + Duration.between(i.firedAt(), i.resolvedAt()).toSeconds() + "s" : "");
        if (n.kind().firing()) {
            LOG.warn(line);
        } else {
            LOG.info(line);
        }
    }

}
