package io.healthmon.notify;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import java.util.concurrent.TimeoutException;

/**
 * One JSON POST with a deadline over the whole exchange, for the HTTP channels. Results carry only
 * the host and port of the target: a webhook URL's path or a key in the body is a secret and must
 * not reach a log line, a metric or the API.
 */
public final class HttpPost implements AutoCloseable {

    private final Vertx vertx;
    private final HttpClient client;
    private final Duration timeout;
    private final String userAgent;

    public HttpPost(Vertx vertx, Duration timeout, String version) {
        this.vertx = vertx;
        this.timeout = timeout;
        this.userAgent = "healthmon/" + version;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setVerifyHost(true));
    }

    public Future<SendResult> post(URI url, Map<String, String> headers, String json) {
        Promise<SendResult> done = Promise.promise();
        String target = url.getHost() + ":" + (url.getPort() != -1 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80);
        long ms = timeout.toMillis();
        long timer = vertx.setTimer(ms, id -> done.tryComplete(new SendResult.Retry("no answer from " + target + " within " + ms + " ms")));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url.toString())
                .setConnectTimeout(ms).setFollowRedirects(false)
                .putHeader("Content-Type", "application/json").putHeader("User-Agent", userAgent);
        headers.forEach(options::putHeader);
        client.request(options)
                .compose(req -> req.send(Buffer.buffer(json)))
                .compose(resp -> resp.body().map(body -> classify(resp.statusCode(), retryAfter(resp.getHeader("Retry-After"), Instant.now()))))
                .onComplete(ar -> {
                    vertx.cancelTimer(timer);
                    done.tryComplete(ar.succeeded() ? ar.result() : failure(ar.cause(), target));
                });
        return done.future();
    }

    /**
     * What an HTTP answer means for every HTTP channel: 2xx accepted; 429 (after its Retry-After),
     * 408 and 5xx worth another attempt; any other status a request the receiver will never take.
     */
    public static SendResult classify(int status, Duration retryAfter) {
        String reason = "HTTP " + status;
        if (status >= 200 && status < 300) {
            return new SendResult.Delivered(reason);
        }
        if (status == 429) {
            return new SendResult.Retry(reason, retryAfter);
        }
        if (status == 408 || status >= 500) {
            return new SendResult.Retry(reason);
        }
        return new SendResult.Permanent(reason);
    }

    /** No answer at all: worth another attempt, named by host and port only. */
    static SendResult failure(Throwable t, String target) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException) {
                return new SendResult.Retry("cannot resolve " + target);
            }
            if (c instanceof SSLException) {
                return new SendResult.Retry("TLS handshake with " + target + " failed");
            }
            if (c instanceof ConnectException) {
                return new SendResult.Retry("cannot connect to " + target);
            }
            if (c instanceof TimeoutException) {
                return new SendResult.Retry("connect to " + target + " timed out");
            }
        }
        return new SendResult.Retry("connection to " + target + " failed: " + t.getClass().getSimpleName());
    }

    /** Retry-After as delay-seconds or an HTTP date (RFC 9110), from {@code now}; null when absent or unreadable. */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(now, at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    @Override
    public void close() {
        client.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
    }
}
