package io.healthmon.notify;

import io.healthmon.alert.Notification;
import io.vertx.core.Future;

/** One delivery attempt through a sender; a sender that throws or fails is a retryable attempt, not a crash. */
final class Attempt {

    private Attempt() {
    }

    static Future<SendResult> run(Sender sender, Notification n) {
        Future<SendResult> f;
        try {
            f = sender.send(n);
        } catch (RuntimeException e) {
            return Future.succeededFuture(failed(e));
        }
        return f.transform(ar -> Future.succeededFuture(ar.succeeded() && ar.result() != null ? ar.result()
                : failed(ar.cause())));
    }

    private static SendResult failed(Throwable t) {
        return new SendResult.Retry("sender failed: " + (t == null ? "no result" : t.getClass().getSimpleName()));
    }
}
