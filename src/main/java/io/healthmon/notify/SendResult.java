package io.healthmon.notify;

import java.time.Duration;

/**
 * What one delivery attempt met. Reasons are healthmon's own words, never a response body or an
 * exception text, which could echo a webhook URL or a routing key.
 *
 * @param status     the HTTP status, 0 when no response arrived
 * @param retryAfter the receiver's Retry-After, or null
 */
public record SendResult(Kind kind, int status, Duration retryAfter, String reason) {

    public enum Kind { DELIVERED, HTTP_ERROR, TIMEOUT, NETWORK_ERROR }

    public static SendResult delivered(int status) {
        return new SendResult(Kind.DELIVERED, status, null, "HTTP " + status);
    }

    public static SendResult http(int status, Duration retryAfter) {
        return new SendResult(status >= 200 && status < 300 ? Kind.DELIVERED : Kind.HTTP_ERROR, status, retryAfter,
                "HTTP " + status);
    }

    public static SendResult timeout(String reason) {
        return new SendResult(Kind.TIMEOUT, 0, null, reason);
    }

    public static SendResult network(String reason) {
        return new SendResult(Kind.NETWORK_ERROR, 0, null, reason);
    }
}
