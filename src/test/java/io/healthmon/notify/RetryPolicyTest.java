package io.healthmon.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Timing of retries once a sender has judged its answer (random fixed at 0.5 so waits are exact),
 * and the HTTP poster's judgement of every class of HTTP answer.
 */
class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofMinutes(5), () -> 0.5);

    private RetryPolicy.Decision decide(SendResult r, int attempts) {
        return policy.decide(r, attempts, Duration.ofMinutes(1));
    }

    static Stream<Arguments> decisions() {
        return Stream.of(
                Arguments.of(new SendResult.Delivered("HTTP 200"), 1, new RetryPolicy.Done()),
                Arguments.of(new SendResult.Permanent("HTTP 400"), 1, new RetryPolicy.Drop("rejected (HTTP 400): not retried")),
                Arguments.of(new SendResult.Retry("HTTP 429", Duration.ofSeconds(30)), 1, new RetryPolicy.Retry(Duration.ofSeconds(30))),
                // without Retry-After: the backoff; a Retry-After shorter than the backoff does not shorten it
                Arguments.of(new SendResult.Retry("HTTP 429"), 1, new RetryPolicy.Retry(Duration.ofMillis(750))),
                Arguments.of(new SendResult.Retry("HTTP 429", Duration.ofSeconds(1)), 4, new RetryPolicy.Retry(Duration.ofMillis(6000))),
                // exponential with jitter, capped at 5 min
                Arguments.of(new SendResult.Retry("HTTP 500"), 1, new RetryPolicy.Retry(Duration.ofMillis(750))),
                Arguments.of(new SendResult.Retry("HTTP 503"), 2, new RetryPolicy.Retry(Duration.ofMillis(1500))),
                Arguments.of(new SendResult.Retry("HTTP 502"), 3, new RetryPolicy.Retry(Duration.ofMillis(3000))),
                Arguments.of(new SendResult.Retry("HTTP 500"), 20, new RetryPolicy.Retry(Duration.ofMillis(225_000))));
    }

    @ParameterizedTest
    @MethodSource("decisions")
    void decidesFromTheSendersJudgementAndTheAttemptCount(SendResult r, int attempts, RetryPolicy.Decision expected) {
        assertEquals(expected, decide(r, attempts));
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({
        "200, Delivered", "202, Delivered", "204, Delivered",
        "400, Permanent", "401, Permanent", "403, Permanent", "404, Permanent", "410, Permanent",
        "408, Retry", "429, Retry", "500, Retry", "502, Retry", "503, Retry", "504, Retry",
        "301, Permanent"})
    void theHttpPosterJudgesEveryStatusClass(int status, String kind) {
        SendResult r = HttpPost.classify(status, null);
        assertEquals(kind, r.getClass().getSimpleName());
        assertEquals("HTTP " + status, r.reason());
    }

    @Test
    void tooManyRequestsCarriesItsRetryAfter() {
        assertEquals(new SendResult.Retry("HTTP 429", Duration.ofSeconds(17)), HttpPost.classify(429, Duration.ofSeconds(17)));
    }

    @Test
    void theLastAttemptFallsAtTheMaximumAgeThenItIsGivenUp() {
        assertEquals(new RetryPolicy.Retry(Duration.ofSeconds(10)),
                policy.decide(new SendResult.Retry("HTTP 503"), 300, Duration.ofHours(24).minusSeconds(10)),
                "a backoff that would cross the maximum age is cut to it: one more attempt, not none");
        RetryPolicy.Decision d = policy.decide(new SendResult.Retry("HTTP 503"), 301, Duration.ofHours(24));
        assertInstanceOf(RetryPolicy.Drop.class, d);
        assertTrue(((RetryPolicy.Drop) d).reason().contains("maximum age of 24 h"), d.toString());
    }

    @Test
    void anAbsurdRetryAfterIsCappedAndCannotDropAPage() {
        assertEquals(new RetryPolicy.Retry(Duration.ofMinutes(5)),
                decide(new SendResult.Retry("HTTP 429", Duration.ofSeconds(999_999_999)), 1));
        assertEquals(new RetryPolicy.Retry(Duration.ofMinutes(1)),
                policy.decide(new SendResult.Retry("HTTP 429", Duration.ofDays(400)), 1, Duration.ofHours(24).minusMinutes(1)));
    }

    private static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");

    @ParameterizedTest(name = "Retry-After: {0}")
    @CsvSource(delimiter = '|', value = {
        "17                            | 17",
        "0                             | 0",
        "-5                            | 0",
        "Fri, 01 Jan 2027 00:00:30 GMT | 30",
        "Thu, 31 Dec 2026 23:00:00 GMT | 0",
        "Sat, 01 Jan 2028 00:00:00 GMT | 31536000",
        "soon                          | ''",
        "99999999999999999999999       | ''"})
    void bothFormsOfRetryAfterAreRead(String header, String seconds) {
        Duration expected = seconds.isEmpty() ? null : Duration.ofSeconds(Long.parseLong(seconds));
        assertEquals(expected, HttpPost.retryAfter(header, NOW));
    }

    @Test
    void jitterSpreadsRetriesOverTheUpperHalfOfTheStep() {
        RetryPolicy low = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofMinutes(5), () -> 0.0);
        RetryPolicy high = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofMinutes(5), () -> 0.999);
        assertEquals(Duration.ofMillis(2000), low.backoff(3));
        assertEquals(Duration.ofMillis(3998), high.backoff(3));
    }
}
