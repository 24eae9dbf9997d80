package io.healthmon.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Serves the scrape in place of Quarkus's handler (which asks the registry for the whole text as
 * one string): the registry's own meters (JVM, process, notifications, ...) as the registry writes
 * them, then the per-endpoint families streamed in chunks, on a worker thread (the event loops
 * probe), waiting for the client to take each chunk when the connection's queue is full. The text
 * format is Prometheus's 0.0.4, whatever the client asks for; Prometheus reads it by its
 * {@code Content-Type}.
 */
public final class MetricsRoute implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(MetricsRoute.class);
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Characters per chunk handed to the connection. */
    static final int CHUNK = 64 * 1024;
    /** How long a scrape waits for a client that does not read before giving it up. */
    private static final long STALLED_SECONDS = 30;

    private final PrometheusMeterRegistry meters;
    private final Supplier<EndpointSeries.Source> source;

    private MetricsRoute(PrometheusMeterRegistry meters, Supplier<EndpointSeries.Source> source) {
        this.meters = meters;
        this.source = source;
    }

    /**
     * Routes {@code GET path} here, ahead of Quarkus's handler on the same path (its order is 1).
     * Without a Prometheus registry there is no scrape to serve and nothing is routed.
     *
     * @param source the running configuration's parts; null before the first is running
     */
    public static void register(Router router, String path, MeterRegistry registry, Supplier<EndpointSeries.Source> source) {
        prometheus(registry).ifPresent(p -> router.get(path).order(0).blockingHandler(new MetricsRoute(p, source), false));
    }

    /** The non-application path the scrape is served at, as Quarkus resolves it from its two settings. */
    public static String path(String nonApplicationRoot, String prometheusPath) {
        if (prometheusPath.startsWith("/")) {
            return prometheusPath;
        }
        String root = nonApplicationRoot.startsWith("/") ? nonApplicationRoot : "/" + nonApplicationRoot;
        return (root.endsWith("/") ? root : root + "/") + prometheusPath;
    }

    private static Optional<PrometheusMeterRegistry> prometheus(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry p) {
            return Optional.of(p);
        }
        if (registry instanceof CompositeMeterRegistry c) {
            for (MeterRegistry r : c.getRegistries()) {
                Optional<PrometheusMeterRegistry> p = prometheus(r);
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true).putHeader("Content-Type", CONTENT_TYPE);
        try {
            Exposition out = new Exposition(CHUNK, chunk -> send(response, chunk));
            out.raw(meters.scrape());
            EndpointSeries.Source s = source.get();
            if (s != null) {
                EndpointSeries.write(s, out);
            }
            out.finish();
            response.end();
        } catch (ClientGone e) {
            response.reset(); // nobody is reading; the scraper will count a failed scrape
        } catch (RuntimeException e) {
            // Half a scrape must not look like a whole one: the connection is reset, not ended.
            LOG.errorf(e, "writing the metrics scrape failed");
            response.reset();
        }
    }

    /** Writes a chunk; while the connection's queue is full, waits for it to drain. */
    private static void send(HttpServerResponse response, String chunk) {
        if (response.closed()) {
            throw new ClientGone();
        }
        response.write(Buffer.buffer(chunk));
        if (!response.writeQueueFull()) {
            return;
        }
        CountDownLatch drained = new CountDownLatch(1);
        response.drainHandler(v -> drained.countDown());
        response.closeHandler(v -> drained.countDown());
        try {
            // drained before the handler was set: it will not be called
            if (response.writeQueueFull() && !response.closed() && !drained.await(STALLED_SECONDS, TimeUnit.SECONDS)) {
                throw new ClientGone();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientGone();
        }
        if (response.closed()) {
            throw new ClientGone();
        }
    }

    /** The client went away or stopped reading: the scrape ends there. */
    private static final class ClientGone extends RuntimeException {
        ClientGone() {
            super(null, null, false, false);
        }
    }
}
