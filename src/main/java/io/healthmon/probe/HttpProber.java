package io.healthmon.probe;

import io.healthmon.config.EndpointSpec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Probes one endpoint once over Vert.x's HTTP client. The timeout is a deadline over the whole
 * exchange (connect, response, body), enforced by one timer that resets the request, because
 * Vert.x's own request timeout only bounds idle time between bytes.
 *
 * <p>Each event loop that probes gets its own client: a client's pool hands any idle connection to
 * any caller, so with one client a probe started on one loop would be read on another and handed
 * back across threads. Connections per host are therefore counted per event loop.
 */
public final class HttpProber implements AutoCloseable {

    private final Vertx vertx;
    private final HttpClientOptions options;
    private final PoolOptions pool;
    private final Map<Thread, HttpClient> clients = new ConcurrentHashMap<>();
    /**
     * Made with the prober, off the event loops: the first client a JVM makes loads the HTTP and TLS
     * machinery (hundreds of milliseconds), which on a loop held up its first round of probes.
     */
    private final AtomicReference<HttpClient> spare;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final String userAgent;

    /**
     * @param nanoTime monotonic time source for latency ({@code System::nanoTime} in production)
     * @param version  healthmon's version, sent as {@code User-Agent: healthmon/<version>}
     */
    public HttpProber(Vertx vertx, Clock clock, LongSupplier nanoTime, String version, boolean verifyTls,
                      int maxConnectionsPerHost) {
        this.vertx = vertx;
        this.userAgent = "healthmon/" + version;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.options = new HttpClientOptions()
                .setSsl(false)
                .setVerifyHost(verifyTls)
                .setTrustAll(!verifyTls)
                .setKeepAlive(true)
                .setTryUseCompression(false)
                .setDecompressionSupported(false);
        this.pool = new PoolOptions()
                .setHttp1MaxSize(maxConnectionsPerHost)
                .setMaxWaitQueueSize(-1);
        this.spare = new AtomicReference<>(vertx.createHttpClient(options, pool));
    }

    /** The calling thread's client: probes run on the scheduler's event loops, so there is one per lane. */
    private HttpClient client() {
        return clients.computeIfAbsent(Thread.currentThread(), t -> {
            HttpClient made = spare.getAndSet(null);
            return made != null ? made : vertx.createHttpClient(options, pool);
        });
    }

    /** How many clients (event loops that probed) there are. */
    int clientCount() {
        return clients.size();
    }

    /**
     * Before the first round: {@code probes} probes shaped like {@code like} (its body condition and
     * values, not its URL or headers) from each of {@code loops} to a throwaway server on loopback.
     * A JVM runs its first requests through class loading and call-site linking, hundreds of
     * milliseconds in which the loop reads nothing: the first round's probes timed out against
     * healthy endpoints (some dozens of 1,000). Takes at most {@code within}; never fails the start.
     */
    public void warmUp(EndpointSpec like, List<Context> loops, int probes, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        HttpServer server = null;
        try {
            server = vertx.createHttpServer().requestHandler(req -> req.response()
                            .putHeader("Content-Type", "application/json").end("{\"status\":\"UP\"}"))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(within.toNanos(), TimeUnit.NANOSECONDS);
            EndpointSpec spec = new EndpointSpec(like.name(), URI.create("http://127.0.0.1:" + server.actualPort() + "/warm-up"),
                    like.interval(), within, like.expectedStatus(), Map.of(), like.body(), like.values(), like.maxBodyBytes(),
                    like.sloObjective());
            List<Future<Void>> done = new ArrayList<>();
            for (Context loop : loops) {
                Promise<Void> finished = Promise.promise();
                loop.runOnContext(v -> sequence(spec, probes, finished));
                done.add(finished.future());
            }
            Future.join(done).toCompletionStage().toCompletableFuture().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // a warm-up that could not run (or finish in time) costs only the first round's latency
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private void sequence(EndpointSpec spec, int left, Promise<Void> finished) {
        if (left == 0) {
            finished.complete();
            return;
        }
        probe(spec).onComplete(ar -> sequence(spec, left - 1, finished));
    }

    /** Never fails: every failure becomes a result with its outcome. */
    public Future<ProbeResult> probe(EndpointSpec spec) {
        return new Exchange(spec).start();
    }

    /** The state of one probe; every path ends in exactly one {@link #finish}. */
    private final class Exchange {
        private final EndpointSpec spec;
        private final Instant startedAt = clock.instant();
        private final long start = nanoTime.getAsLong();
        private final Promise<ProbeResult> promise = Promise.promise();
        private long deadlineTimer;
        private HttpClientRequest request;
        private Buffer body;
        private boolean truncated;
        private int status;

        Exchange(EndpointSpec spec) {
            this.spec = spec;
        }

        private boolean https() {
            return "https".equalsIgnoreCase(spec.url().getScheme());
        }

        private int port() {
            return spec.url().getPort() != -1 ? spec.url().getPort() : https() ? 443 : 80;
        }

        /**
         * The request target as Vert.x's absolute-URI setter derives it, read off the URI the
         * configuration already parsed (that setter parses the URL again on every probe).
         */
        private String target() {
            URI url = spec.url();
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        }

        Future<ProbeResult> start() {
            long timeoutMs = Math.max(1, spec.timeout().toMillis());
            // An event loop runs its due timers after the input it found ready; an answer that came
            // in while it worked through that input is only read on its next pass. So the deadline
            // is decided a pass later (a timer a millisecond on): a busy monitor must not call its
            // own lag an endpoint's timeout (under load that is how one stall became thousands of
            // incidents).
            deadlineTimer = vertx.setTimer(timeoutMs, id -> deadlineTimer = vertx.setTimer(1, last -> {
                deadlineTimer = -1;
                if (finish(Outcome.TIMEOUT, timeoutMessage(), Map.of()) && request != null) {
                    request.reset();
                }
            }));
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.GET)
                    .setHost(spec.url().getHost())
                    .setPort(port())
                    .setSsl(https())
                    .setURI(target())
                    .setFollowRedirects(false)
                    // Vert.x's connect timeout is a loop timer with the same blind spot as the deadline's
                    // first timer: it is left to the deadline, and only ends a dead attempt a second later.
                    .setConnectTimeout(timeoutMs + 1000)
                    .putHeader("User-Agent", userAgent)
                    .putHeader("Accept", "application/json, */*;q=0.5");
            spec.headers().forEach(options::putHeader);
            client().request(options).onComplete(ar -> {
                if (ar.failed()) {
                    fail(ar.cause());
                    return;
                }
                request = ar.result();
                if (promise.future().isComplete()) {
                    request.reset(); // the deadline passed while connecting
                    return;
                }
                request.exceptionHandler(this::fail);
                request.send().onComplete(rar -> {
                    if (rar.failed()) {
                        fail(rar.cause());
                    } else {
                        receive(rar.result());
                    }
                });
            });
            return promise.future();
        }

        private void receive(HttpClientResponse response) {
            status = response.statusCode();
            body = Buffer.buffer();
            String contentType = response.getHeader("Content-Type");
            response.exceptionHandler(this::fail);
            response.handler(chunk -> {
                if (truncated) {
                    return;
                }
                if (body.length() + chunk.length() > spec.maxBodyBytes()) {
                    truncated = true;
                    complete(contentType);
                    request.reset(); // stop reading an endless body
                } else {
                    body.appendBuffer(chunk);
                }
            });
            response.endHandler(v -> complete(contentType));
        }

        private void complete(String contentType) {
            if (promise.future().isComplete()) {
                return;
            }
            ResponseEvaluator.Verdict v = ResponseEvaluator.evaluate(spec, status, contentType,
                    truncated ? new byte[0] : body.getBytes(), truncated);
            finish(v.outcome(), v.message(), v.values());
        }

        private void fail(Throwable t) {
            if (promise.future().isComplete()) {
                return;
            }
            FailureClassifier.Failure f = FailureClassifier.classify(t, spec.url().getHost() + ":" + port());
            finish(f.outcome(), f.message(), Map.of());
        }

        private String timeoutMessage() {
            String phase = request == null ? "connecting" : status == 0 ? "waiting for the response" : "reading the body";
            return "no complete response within " + spec.timeout().toMillis() + " ms (" + phase + ")";
        }

        private boolean finish(Outcome outcome, String message, Map<String, Double> values) {
            long latency = nanoTime.getAsLong() - start;
            if (deadlineTimer >= 0) {
                vertx.cancelTimer(deadlineTimer);
            }
            return promise.tryComplete(new ProbeResult(spec.name(), startedAt, latency, outcome, status, message, values));
        }
    }

    /** Closes without waiting (from an event loop): connections end once the client is closed. */
    public void closeLater() {
        every().forEach(HttpClient::close);
    }

    /** The loops' clients and the spare, if no loop took it. */
    private List<HttpClient> every() {
        List<HttpClient> all = new ArrayList<>(clients.values());
        HttpClient unused = spare.getAndSet(null);
        if (unused != null) {
            all.add(unused);
        }
        return all;
    }

    @Override
    public void close() {
        List<Future<Void>> closing = new ArrayList<>();
        every().forEach(c -> closing.add(c.close()));
        Future.join(closing).toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS)
                .exceptionally(t -> null).join();
    }
}
