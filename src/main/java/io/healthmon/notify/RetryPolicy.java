package io.healthmon.notify;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When to try a delivery again, once its sender said it is worth it: exponential backoff with
 * jitter, never sooner than the receiver asked (Retry-After, up to a cap), and one last attempt at
 * the maximum age rather than none: a receiver asking for a very long pause must not drop a page.
 * Whether an answer is retryable at all is the sender's call ({@link SendResult}).
 */
public final class RetryPolicy {

    public sealed interface Decision permits Done, Retry, Drop {
    }

    public record Done() implements Decision {
    }

    public record Retry(Duration after) implements Decision {
    }

    public record Drop(String reason) implements Decision {
    }

    private final Duration base;
    private final Duration cap;
    private final Duration maxAge;
    private final Duration maxRetryAfter;
    private final DoubleSupplier random;

    /**
     * @param base   first backoff; doubles per attempt up to {@code cap}
     * @param maxAge        how long a notification is retried at all
     * @param maxRetryAfter  the longest Retry-After honoured
     * @param random         uniform in [0, 1), for jitter (injected so tests are exact)
     */
    public RetryPolicy(Duration base, Duration cap, Duration maxAge, Duration maxRetryAfter, DoubleSupplier random) {
        this.base = base;
        this.cap = cap;
        this.maxAge = maxAge;
        this.maxRetryAfter = maxRetryAfter;
        this.random = random;
    }

    /**
     * @param attempts attempts made so far, including this one (1 after the first)
     * @param age      time since the notification was created
     */
    public Decision decide(SendResult r, int attempts, Duration age) {
        if (r instanceof SendResult.Delivered) {
            return new Done();
        }
        if (r instanceof SendResult.Permanent p) {
            return new Drop("rejected (" + p.reason() + "): not retried");
        }
        SendResult.Retry retry = (SendResult.Retry) r;
        Duration left = maxAge.minus(age);
        if (left.isNegative() || left.isZero()) {
            return new Drop("still failing (" + r.reason() + ") after " + attempts + " attempts over " + age.toMinutes()
                    + " min: gave up at the maximum age of " + maxAge.toHours() + " h");
        }
        Duration wait = backoff(attempts);
        if (retry.after() != null) {
            Duration asked = retry.after().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retry.after();
            wait = asked.compareTo(wait) > 0 ? asked : wait;
        }
        return new Retry(wait.compareTo(left) > 0 ? left : wait); // the last attempt falls at the maximum age
    }

    /** Exponential with "equal jitter": half the step fixed, half random, so retries spread out. */
    Duration backoff(int attempts) {
        long step = base.toMillis() << Math.min(Math.max(attempts - 1, 0), 30);
        long capped = Math.min(step, cap.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (capped - half)));
    }
}
