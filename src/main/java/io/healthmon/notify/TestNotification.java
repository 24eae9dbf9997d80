package io.healthmon.notify;

import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.healthmon.rule.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The clearly marked message an operator sends to see that a channel delivers. */
public final class TestNotification {

    public static final String RULE = "test-notification";

    private TestNotification() {
    }

    /** @param by who asked (shown in the message), e.g. "alice" */
    public static Notification of(String channel, String by, Instant now) {
        Incident i = new Incident("test:" + channel + ":" + Long.toString(now.getEpochSecond(), 36), RULE, "healthmon",
                "http://healthmon/test", Severity.P3, Incident.State.FIRING, now, null, Double.NaN, Double.NaN,
                "test notification requested by " + by + " through the healthmon API: the channel works, no action needed",
                List.of(channel), Map.of(), false);
        return Notification.of(Notification.Kind.TEST, i, channel, now);
    }
}
