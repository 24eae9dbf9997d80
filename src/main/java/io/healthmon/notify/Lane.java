package io.healthmon.notify;

import io.healthmon.alert.Notification;

/**
 * The notifications of one incident on one channel: they go out in the order they were made (a
 * resolve never overtakes its trigger), while other lanes are not held up by a failing one.
 */
public record Lane(String channel, String incident) {

    static Lane of(Notification n) {
        return new Lane(n.channel(), n.incident().id());
    }
}
