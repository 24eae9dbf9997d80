package io.healthmon.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retry decision for every class of answer (random fixed at 0.5 so waits are exact). */
class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(24), () -> 0.5);

    private RetryPolicy.Decision decide(SendResult r, int attempts) {
        return policy.decide(r, attempts, Duration.ofMinutes(1));
    }

    @Test
    void twoHundredsAreDone() {
        assertInstanceOf(RetryPolicy.Done.class, decide(SendResult.http(200, null), 1));
        assertInstanceOf(RetryPolicy.Done.class, decide(SendResult.http(202, null), 3));
    }

    @Test
    void badRequestAndNotFoundAreDroppedAndReported() {
        assertEquals(new RetryPolicy.Drop("rejected (HTTP 400): not retried"), decide(SendResult.http(400, null), 1));
        assertEquals(new RetryPolicy.Drop("rejected (HTTP 404): not retried"), decide(SendResult.http(404, null), 1));
        assertInstanceOf(RetryPolicy.Drop.class, decide(SendResult.http(403, null), 1));
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() {
        assertEquals(new RetryPolicy.Retry(Duration.ofSeconds(30)), decide(SendResult.http(429, Duration.ofSeconds(30)), 1));
        assertEquals(new RetryPolicy.Retry(Duration.ofMillis(750)), decide(SendResult.http(429, null), 1),
                "without Retry-After: the backoff");
        assertEquals(new RetryPolicy.Retry(Duration.ofMillis(6000)), decide(SendResult.http(429, Duration.ofSeconds(1)), 4),
                "a Retry-After shorter than the backoff does not shorten it");
    }

    @Test
    void serverErrorsBackOffExponentiallyWithJitterUpToTheCap() {
        assertEquals(new RetryPolicy.Retry(Duration.ofMillis(750)), decide(SendResult.http(500, null), 1));
        assertEquals(new RetryPolicy.Retry(Duration.ofMillis(1500)), decide(SendResult.http(503, null), 2));
        assertEquals(new RetryPolicy.Retry(Duration.ofMillis(3000)), decide(SendResult.http(502, null), 3));
        assertEquals(new RetryPolicy.Retry(Duration.ofMillis(225_000)), decide(SendResult.http(500, null), 20), "capped at 5 min");
    }

    @Test
    void timeoutsAndNetworkErrorsAreRetried() {
        assertInstanceOf(RetryPolicy.Retry.class, decide(SendResult.timeout("no answer within 10 s"), 1));
        assertInstanceOf(RetryPolicy.Retry.class, decide(SendResult.network("connection refused"), 1));
        assertInstanceOf(RetryPolicy.Retry.class, decide(SendResult.http(408, null), 1));
    }

    @Test
    void nothingIsRetriedPastTheMaximumAge() {
        RetryPolicy.Decision d = policy.decide(SendResult.http(503, null), 300, Duration.ofHours(24).minusSeconds(10));
        assertInstanceOf(RetryPolicy.Drop.class, d);
        assertTrue(((RetryPolicy.Drop) d).reason().contains("maximum age of 24 h"), d.toString());
    }

    @Test
    void jitterSpreadsRetriesOverTheUpperHalfOfTheStep() {
        RetryPolicy low = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(24), () -> 0.0);
        RetryPolicy high = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(24), () -> 0.999);
        assertEquals(Duration.ofMillis(2000), low.backoff(3));
        assertEquals(Duration.ofMillis(3998), high.backoff(3));
    }
}
