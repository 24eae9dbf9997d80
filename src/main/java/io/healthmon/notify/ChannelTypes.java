package io.healthmon.notify;

import io.healthmon.notify.email.EmailSender;
import io.healthmon.notify.pagerduty.PagerDutySender;
import io.healthmon.notify.slack.SlackSender;
import io.healthmon.notify.webhook.AlertmanagerSender;
import io.healthmon.notify.webhook.WebhookSender;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Collections;

/** The channel types users can configure, by key: adding one is its package and one line here. */
public final class ChannelTypes {

    public static final Map<String, ChannelType> ALL = all(SlackSender.TYPE, PagerDutySender.TYPE, EmailSender.TYPE,
            WebhookSender.TYPE, AlertmanagerSender.TYPE);

    private ChannelTypes() {
    }

    private static Map<String, ChannelType> all(ChannelType... types) {
        Map<String, ChannelType> m = new LinkedHashMap<>();
        for (ChannelType t : types) {
            m.put(t.key(), t);
        }
        return Collections.unmodifiableMap(m);
    }
}
