package io.healthmon.notify;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Whether and when to try a delivery again. 2xx is done; 429 waits at least its Retry-After;
 * 5xx, 408, timeouts and network errors back off exponentially with jitter; any other 4xx is a
 * request the receiver will never accept, so it is dropped and reported; nothing is retried past
 * the maximum age.
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
        Duration wait;
        switch (r.kind()) {
            case DELIVERED:
                return new Done();
            case HTTP_ERROR:
                int s = r.status();
                if (s == 429) {
                    Duration backoff = backoff(attempts);
                    wait = r.retryAfter() != null && r.retryAfter().compareTo(backoff) > 0 ? r.retryAfter() : backoff;
                } else if (s >= 500 || s == 408) {
                    wait = backoff(attempts);
                } else {
                    return new Drop("rejected (" + r.reason() + "): not retried");
                }
                break;
            case TIMEOUT:
            case NETWORK_ERROR:
            default:
                wait = backoff(attempts);
        }
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
