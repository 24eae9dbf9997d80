package io.healthmon.notify;

import java.time.Duration;

/**
 * What one delivery attempt came to, as the channel's own integration judges it: an HTTP status,
 * an SMTP reply or a lost connection means something different to each, so each sender decides.
 * The delivery queue only adds timing (backoff, maximum age). Reasons are healthmon's own words,
 * never a response body or an exception text, which could echo a webhook URL or a routing key.
 */
public sealed interface SendResult permits SendResult.Delivered, SendResult.Retry, SendResult.Permanent {

    String reason();

    /** The channel accepted the notification. */
    record Delivered(String reason) implements SendResult {
    }

    /**
     * Worth another attempt (the receiver is busy, down or unreachable).
     *
     * @param after the least wait the receiver asked for (Retry-After), or null: the backoff alone
     */
    record Retry(String reason, Duration after) implements SendResult {

        public Retry(String reason) {
            this(reason, null);
        }
    }

    /** The receiver will never accept this notification as it is: retrying cannot help. */
    record Permanent(String reason) implements SendResult {
    }
}
