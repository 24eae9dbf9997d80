package io.healthmon.probe;

import io.healthmon.config.EndpointSpec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Runs every endpoint on its own fixed-rate schedule with Vert.x timers (millisecond precision,
 * unlike the Quarkus scheduler's one-second tick). Start times are absolute (start + phase +
 * k * interval) so they never drift; phases are spread evenly over the interval so endpoints are
 * not probed in lockstep; an endpoint whose previous probe is still running skips that turn.
 */
public final class ProbeScheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProbeScheduler.class);

    private final Vertx vertx;
    private final LongSupplier nanoTime;
    private final Function<EndpointSpec, Future<ProbeResult>> prober;
    private final Consumer<ProbeResult> sink;
    private final StartDelayStats startDelay;
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final List<Task> tasks = new ArrayList<>();
    private volatile boolean closed;

    private final class Task {
        final EndpointSpec spec;
        final long intervalNanos;
        final Context context;
        long due;
        boolean inFlight;
        long timerId = -1;

        Task(EndpointSpec spec, long firstDue, Context context) {
            this.spec = spec;
            this.intervalNanos = spec.interval().toNanos();
            this.due = firstDue;
            this.context = context;
        }
    }

    /**
     * @param prober probes one endpoint; its future must always complete (with a result, not a failure)
     * @param sink   receives every result, on a Vert.x event loop: it must not block
     */
    public ProbeScheduler(Vertx vertx, LongSupplier nanoTime, Function<EndpointSpec, Future<ProbeResult>> prober,
                          Consumer<ProbeResult> sink) {
        this.vertx = vertx;
        this.nanoTime = nanoTime;
        this.prober = prober;
        this.sink = sink;
        this.startDelay = new StartDelayStats(nanoTime);
    }

    /** Starts probing; the first probe of endpoint i of n is due {@code i/n} of its interval from now. */
    public synchronized void start(List<EndpointSpec> specs) {
        long t0 = nanoTime.getAsLong();
        int n = specs.size();
        for (int i = 0; i < n; i++) {
            EndpointSpec spec = specs.get(i);
            long phase = spec.interval().toNanos() * i / n;
            // A fresh context per endpoint spreads timers and connections over the event loops.
            Task task = new Task(spec, t0 + phase, vertx.getOrCreateContext());
            tasks.add(task);
            task.context.runOnContext(v -> arm(task));
        }
    }

    private void arm(Task t) {
        if (closed) {
            return;
        }
        long delayNanos = t.due - nanoTime.getAsLong();
        long delayMs = Math.max(1, (delayNanos + 999_999) / 1_000_000);
        t.timerId = vertx.setTimer(delayMs, id -> fire(t));
    }

    private void fire(Task t) {
        if (closed) {
            return;
        }
        long now = nanoTime.getAsLong();
        startDelay.record(now - t.due);
        if (t.inFlight) {
            skipped.incrementAndGet();
        } else {
            t.inFlight = true;
            started.incrementAndGet();
            Future<ProbeResult> f;
            try {
                f = prober.apply(t.spec);
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            f.onComplete(ar -> {
                t.inFlight = false;
                if (ar.failed()) {
                    LOG.errorf(ar.cause(), "probe of endpoint %s failed internally", t.spec.name());
                    return;
                }
                try {
                    sink.accept(ar.result());
                } catch (RuntimeException e) {
                    // A bug downstream must not stop the schedule.
                    LOG.errorf(e, "handling the result of endpoint %s failed", t.spec.name());
                }
            });
        }
        t.due += t.intervalNanos;
        if (t.due <= now) { // we fell behind (e.g. a long GC pause): skip the missed turns, keep the phase
            t.due += ((now - t.due) / t.intervalNanos + 1) * t.intervalNanos;
        }
        arm(t);
    }

    public StartDelayStats startDelay() {
        return startDelay;
    }

    public long probesStarted() {
        return started.get();
    }

    /** Turns skipped because the endpoint's previous probe was still in flight. */
    public long probesSkipped() {
        return skipped.get();
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Task t : tasks) {
            long id = t.timerId;
            if (id >= 0) {
                vertx.cancelTimer(id);
            }
        }
    }
}
