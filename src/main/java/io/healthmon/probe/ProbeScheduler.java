package io.healthmon.probe;

import io.healthmon.config.EndpointSpec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Runs every endpoint on its own fixed-rate schedule on Vert.x timers (millisecond precision,
 * unlike the Quarkus scheduler's one-second tick), one per event loop, set for its earliest turn.
 * Start times are absolute (start + phase + k * interval) so they never drift; phases are spread
 * evenly over the interval so endpoints are not probed in lockstep; an endpoint whose previous
 * probe is still running skips that turn.
 *
 * <p>While {@code hurry} says so for an endpoint's latest result (it failed, or an incident on it is
 * open), the endpoint is probed every {@code recoveryInterval} after each result instead, so an
 * outage is confirmed and a recovery seen within seconds, and a minute of clean probes is thirty
 * samples, not six. Each result carries the cadence it was taken at as its weight, so windows stay
 * time-weighted. Back to normal, the endpoint returns to its own phase.
 *
 * <p>Endpoints are dealt round-robin to lanes, contexts on distinct event loops; an endpoint's
 * timers, probes and results stay on its lane's thread. One lane takes up to
 * {@link #PROBES_PER_LANE} probes a second (one loop given 10,000 endpoints topped out near 5,000,
 * and an outage or an API read needs room); more lanes only when the schedule asks for more,
 * because a second loop makes each probe some 30 % dearer (state the loops share moves between cores).
 */
public final class ProbeScheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProbeScheduler.class);
    /** The probes a second one event loop is given before a second one is used. */
    static final int PROBES_PER_LANE = 2000;

    private final Vertx vertx;
    private final LongSupplier nanoTime;
    private final Function<EndpointSpec, Future<ProbeResult>> prober;
    private final Consumer<ProbeResult> sink;
    private final long recoveryNanos;
    private final Predicate<ProbeResult> hurry;
    private final StartDelayStats startDelay;
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final List<Lane> running = new ArrayList<>();
    private final int maxLanes;
    private final int configuredLanes;
    private List<Context> lanes = List.of();
    private volatile boolean closed;

    /**
     * One event loop's share of the endpoints: their turns in one {@link DueQueue} and one Vert.x
     * timer, set for the earliest of them (a timer per turn lived a second each: see DueQueue).
     * Touched only on its loop, except {@link #close}.
     */
    private final class Lane {
        final Context context;
        final DueQueue queue = new DueQueue();
        final List<Task> tasks = new ArrayList<>();
        long timerId = -1;
        /** When the timer set is due (nanoTime), meaningful while timerId >= 0. */
        long timerDue;
        /** While due turns are being started: each one re-queued does not re-set the timer. */
        boolean draining;

        Lane(Context context) {
            this.context = context;
        }

        void add(EndpointSpec spec, long firstDue) {
            tasks.add(new Task(spec, firstDue, this, tasks.size()));
        }

        /** The timer follows the earliest turn: set when there is none or it would be late. */
        void rearm() {
            if (closed || draining || queue.isEmpty()) {
                return;
            }
            long earliest = queue.earliest();
            if (timerId >= 0 && timerDue <= earliest) {
                return; // it fires first; an early firing finds nothing due and sets the next
            }
            if (timerId >= 0) {
                vertx.cancelTimer(timerId);
            }
            long delayNanos = earliest - nanoTime.getAsLong();
            long delayMs = Math.max(1, (delayNanos + 999_999) / 1_000_000);
            timerDue = earliest;
            timerId = vertx.setTimer(delayMs, id -> fireDue());
        }

        private void fireDue() {
            timerId = -1;
            draining = true;
            try {
                int s;
                while (!closed && (s = queue.pollDue(nanoTime.getAsLong())) >= 0) {
                    fire(tasks.get(s));
                }
            } finally {
                draining = false;
            }
            rearm();
        }

        void close() {
            long id = timerId;
            if (id >= 0) {
                vertx.cancelTimer(id);
            }
        }
    }

    private final class Task {
        final EndpointSpec spec;
        final long intervalNanos;
        final Lane lane;
        /** Its number in its lane's queue. */
        final int slot;
        final long phaseOrigin;
        long due;
        boolean inFlight;
        boolean fast;

        Task(EndpointSpec spec, long firstDue, Lane lane, int slot) {
            this.spec = spec;
            this.intervalNanos = spec.interval().toNanos();
            this.phaseOrigin = firstDue;
            this.due = firstDue;
            this.lane = lane;
            this.slot = slot;
        }

        /** The first start on this endpoint's own phase that lies after {@code now}. */
        long nextOnPhase(long now) {
            return now < phaseOrigin ? phaseOrigin : phaseOrigin + ((now - phaseOrigin) / intervalNanos + 1) * intervalNanos;
        }
    }

    /**
     * @param prober           probes one endpoint; its future must always complete (with a result, not a failure)
     * @param sink             receives every result, on a Vert.x event loop: it must not block
     * @param recoveryInterval the cadence while {@code hurry} holds, counted from each result
     * @param hurry            whether an endpoint's latest result calls for the recovery cadence
     * @param lanes            how many event loops to deal the endpoints over; 0: as many as the
     *                         schedule needs ({@link #lanesFor}), at most one per CPU
     */
    public ProbeScheduler(Vertx vertx, LongSupplier nanoTime, Function<EndpointSpec, Future<ProbeResult>> prober,
                          Consumer<ProbeResult> sink, Duration recoveryInterval, Predicate<ProbeResult> hurry, int lanes) {
        this.vertx = vertx;
        this.configuredLanes = lanes;
        this.maxLanes = Runtime.getRuntime().availableProcessors();
        this.nanoTime = nanoTime;
        this.prober = prober;
        this.sink = sink;
        this.recoveryNanos = recoveryInterval.toNanos();
        this.hurry = hurry;
        this.startDelay = new StartDelayStats(nanoTime);
    }

    /**
     * How long a cold start spreads the first probes over: 5 ms per endpoint, at most a minute. A
     * JVM that has just started runs its code interpreted; a thousand first probes in one second
     * would wait on it past their timeout, and page for endpoints that are fine.
     */
    public static Duration startupRamp(int endpoints) {
        Duration d = Duration.ofMillis(5L * endpoints);
        return d.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : d;
    }

    /**
     * When endpoint {@code i} of {@code n} is first due: {@code i/n} of its interval from
     * {@code t0} (its phase, kept for good), plus the whole intervals that put it {@code i/n} of the
     * way through the ramp. Pure.
     */
    static long firstDue(long t0, long intervalNanos, int i, int n, long rampNanos) {
        long phase = intervalNanos * i / n;
        long delay = (long) ((double) rampNanos * i / n);
        return t0 + phase + delay / intervalNanos * intervalNanos;
    }

    /**
     * Starts probing: the first probe of endpoint i of n is due {@code i/n} of its interval from
     * now, and later by whole intervals to spread the first round over {@code ramp} (zero: at once;
     * see {@link #startupRamp}).
     */
    public synchronized void start(List<EndpointSpec> specs, Duration ramp) {
        prepare(specs);
        long t0 = nanoTime.getAsLong();
        int n = specs.size();
        List<Lane> started = new ArrayList<>();
        for (Context c : lanes) {
            started.add(new Lane(c));
        }
        for (int i = 0; i < n; i++) {
            EndpointSpec spec = specs.get(i);
            started.get(i % started.size()).add(spec, firstDue(t0, spec.interval().toNanos(), i, n, ramp.toNanos()));
        }
        running.addAll(started);
        for (Lane lane : started) {
            lane.context.runOnContext(v -> { // from here on the lane is its loop's alone
                lane.tasks.forEach(t -> lane.queue.schedule(t.slot, t.due));
                lane.rearm();
            });
        }
    }

    /**
     * Up to {@code count} contexts, each on its own event loop. {@code getOrCreateContext} cannot
     * do this: called from one thread that is not Vert.x's it returns the same (sticky) context
     * every time, which put every endpoint on one loop.
     */
    static List<Context> lanes(Vertx vertx, int count) {
        if (!(vertx instanceof VertxInternal)) {
            return List.of(vertx.getOrCreateContext());
        }
        VertxInternal internal = (VertxInternal) vertx;
        Map<Object, Context> byLoop = new IdentityHashMap<>();
        // Contexts are dealt round-robin over the loops; a few extra draws skip loops already taken.
        for (int draw = 0; draw < 4 * Math.max(1, count) && byLoop.size() < count; draw++) {
            ContextInternal c = internal.createEventLoopContext();
            byLoop.putIfAbsent(c.nettyEventLoop(), c);
        }
        return List.copyOf(byLoop.values());
    }

    /** One lane per {@link #PROBES_PER_LANE} probes a second the endpoints' intervals ask for, 1 to {@code max}. Pure. */
    static int lanesFor(List<EndpointSpec> specs, int max) {
        double perSecond = 0;
        for (EndpointSpec s : specs) {
            perSecond += 1e9 / s.interval().toNanos();
        }
        return (int) Math.max(1, Math.min(max, Math.ceil(perSecond / PROBES_PER_LANE - 1e-9))); // sums of fifths are not exact
    }

    /** Picks the event loops these endpoints will be dealt over (once; {@link #start} does it if not done). */
    public synchronized List<Context> prepare(List<EndpointSpec> specs) {
        if (lanes.isEmpty()) {
            lanes = lanes(vertx, configuredLanes > 0 ? configuredLanes : lanesFor(specs, maxLanes));
        }
        return lanes;
    }

    /** How many event loops the endpoints are dealt over (known once prepared or started). */
    public synchronized int laneCount() {
        return lanes.size();
    }

    /** Queues the task's next turn on its lane (on the lane's loop). */
    private void arm(Task t) {
        if (closed) {
            return;
        }
        t.lane.queue.schedule(t.slot, t.due);
        t.lane.rearm();
    }

    private void fire(Task t) {
        if (closed) {
            return;
        }
        long now = nanoTime.getAsLong();
        startDelay.record(now - t.due);
        // Arm the next turn first: a probe that completes at once re-arms through changeCadence.
        t.due = t.fast ? now + recoveryNanos : t.nextOnPhase(now); // skips missed turns, keeps the phase
        arm(t);
        if (t.inFlight) {
            skipped.incrementAndGet();
        } else {
            t.inFlight = true;
            started.incrementAndGet();
            double weight = (t.fast ? Math.min(recoveryNanos, t.intervalNanos) : t.intervalNanos) / 1e9;
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
                ProbeResult result = ar.result().withWeight(weight);
                try {
                    sink.accept(result);
                } catch (RuntimeException e) {
                    // A bug downstream must not stop the schedule.
                    LOG.errorf(e, "handling the result of endpoint %s failed", t.spec.name());
                }
                changeCadence(t, result);
            });
        }
    }

    /** After a result: hurry (probe again a recovery interval from now), or go back to the phase. */
    private void changeCadence(Task t, ProbeResult result) {
        boolean fast;
        try {
            fast = recoveryNanos < t.intervalNanos && hurry.test(result);
        } catch (RuntimeException e) {
            LOG.errorf(e, "deciding the cadence of endpoint %s failed", t.spec.name());
            fast = false;
        }
        long now = nanoTime.getAsLong();
        long due = fast ? now + recoveryNanos : t.fast ? t.nextOnPhase(now) : t.due;
        t.fast = fast;
        if (due != t.due && !closed) {
            t.due = due;
            arm(t); // moves the queued turn
        }
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
        running.forEach(Lane::close);
    }
}
