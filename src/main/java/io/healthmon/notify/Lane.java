package io.healthmon.notify;

import io.healthmon.alert.Notification;

/**
 * The notifications of one group on one channel: they go out in the order they were made (a
 * resolve never overtakes its trigger), while other lanes are not held up by a failing one.
 */
public record Lane(String channel, String group) {

    static Lane of(Notification n) {
        return new Lane(n.channel(), n.group().id());
    }
}
