package io.healthmon.notify;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When to try a delivery again, once its sender said it is worth it: exponential backoff with
 * jitter, never sooner than the receiver asked (Retry-After), never past the maximum age. Whether
 * an answer is retryable at all is the sender's call ({@link SendResult}).
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
    private final DoubleSupplier random;

    /**
     * @param base   first backoff; doubles per attempt up to {@code cap}
     * @param maxAge how long a notification is retried at all
     * @param random uniform in [0, 1), for jitter (injected so tests are exact)
     */
    public RetryPolicy(Duration base, Duration cap, Duration maxAge, DoubleSupplier random) {
        this.base = base;
        this.cap = cap;
        this.maxAge = maxAge;
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
        Duration backoff = backoff(attempts);
        Duration wait = retry.after() != null && retry.after().compareTo(backoff) > 0 ? retry.after() : backoff;
        if (age.plus(wait).compareTo(maxAge) > 0) {
            return new Drop("still failing (" + r.reason() + ") after " + attempts + " attempts over " + age.toMinutes()
                    + " min: gave up at the maximum age of " + maxAge.toHours() + " h");
        }
        return new Retry(wait);
    }

    /** Exponential with "equal jitter": half the step fixed, half random, so retries spread out. */
    Duration backoff(int attempts) {
        long step = base.toMillis() << Math.min(Math.max(attempts - 1, 0), 30);
        long capped = Math.min(step, cap.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (capped - half)));
    }
}
