package io.healthmon.notify;

import io.healthmon.alert.Notification;
import io.vertx.core.Future;

/** One channel's transport: a single delivery attempt. The future always completes with a result. */
public interface Sender {

    Future<SendResult> send(Notification n);
}
