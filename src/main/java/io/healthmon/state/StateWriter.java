package io.healthmon.state;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The one thread that writes every state file, in the order the changes were made, off the event
 * loops. That order is what keeps state crash-consistent: work given to {@link #afterWrites} runs
 * once every write asked for before it has finished, so a notification is sent only after the
 * journal holding it (and its incident) is on disk. A write that fails is kept and tried again by
 * {@link #retryDue} with backoff; until it succeeds the writer is not {@link #healthy}.
 */
public final class StateWriter {

    private static final Logger LOG = Logger.getLogger(StateWriter.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofMinutes(1);

    /** A file this writer writes: a failed write is tried again through it. */
    interface Written {
        Path path();

        /** Writes again what failed, unless something newer is queued anyway. */
        void retry();
    }

    /** A file whose last write failed: when to try again and why it failed. */
    record Failure(int consecutive, Instant retryAt, String reason) {
    }

    private final Executor executor;
    private final Clock clock;
    /** Fault injection (healthmon.state.write-delay): each write waits this long first; zero in production. */
    private final Duration writeDelay;
    private final Map<Written, Failure> failing = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();

    private StateWriter(Executor executor, Clock clock, Duration writeDelay) {
        this.executor = executor;
        this.clock = clock;
        this.writeDelay = writeDelay;
    }

    /** The production writer: one daemon thread. */
    public static StateWriter thread(Clock clock, Duration writeDelay) {
        return new StateWriter(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "healthmon-state-writer");
            t.setDaemon(true);
            return t;
        }), clock, writeDelay);
    }

    /** Writes on {@code executor} (tests step it task by task). */
    public static StateWriter on(Executor executor, Clock clock) {
        return new StateWriter(executor, clock, Duration.ZERO);
    }

    /** Writes on the caller's thread at once (tests). */
    public static StateWriter inline(Clock clock) {
        return new StateWriter(Runnable::run, clock, Duration.ZERO);
    }

    /** How long to wait after the n-th failure in a row (1 s doubling, at most 1 min). */
    static Duration backoff(int consecutive) {
        int doublings = Math.min(Math.max(consecutive, 1) - 1, 16);
        Duration d = FIRST_RETRY.multipliedBy(1L << doublings);
        return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
    }

    void execute(Runnable write) {
        executor.execute(write);
    }

    /** Runs {@code work} on the writer once every write asked for so far has finished (or failed). */
    public void afterWrites(Runnable work) {
        executor.execute(work);
    }

    /** Called on the writer before each write: the crash tests' pause, announced so they can aim a kill. */
    void beforeWrite(Written file) {
        if (writeDelay.isZero()) {
            return;
        }
        LOG.warnf("fault injection (healthmon.state.write-delay): writing %s in %d ms", file.path().getFileName(),
                writeDelay.toMillis());
        try {
            Thread.sleep(writeDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void failed(Written file, String reason) {
        failures.incrementAndGet();
        Instant now = clock.instant();
        Failure f = failing.merge(file, new Failure(1, now.plus(backoff(1)), reason),
                (old, x) -> new Failure(old.consecutive() + 1, now.plus(backoff(old.consecutive() + 1)), reason));
        LOG.errorf("cannot write %s (%s): kept in memory, next try in %d s; this state would not survive a restart until then",
                file.path(), reason, Duration.between(now, f.retryAt()).toSeconds());
    }

    void succeeded(Written file) {
        if (failing.remove(file) != null) {
            LOG.infof("%s written again: state is safe on disk", file.path());
        }
    }

    /** The housekeeping tick: tries again every failed write whose backoff has passed. */
    public void retryDue(Instant now) {
        failing.forEach((file, f) -> {
            if (!now.isBefore(f.retryAt())) {
                file.retry();
            }
        });
    }

    /** True while every state file's last write succeeded. */
    public boolean healthy() {
        return failing.isEmpty();
    }

    /** Each file whose last write failed, with the reason. */
    public Map<String, String> failingFiles() {
        Map<String, String> out = new TreeMap<>();
        failing.forEach((file, f) -> out.put(file.path().getFileName().toString(), f.reason()));
        return out;
    }

    /** Failed writes since startup (healthmon_state_write_failures_total). */
    public long failures() {
        return failures.get();
    }

    /** At shutdown: the writes already asked for still run. */
    public void close(Duration wait) {
        if (executor instanceof ExecutorService es) {
            es.shutdown();
            try {
                if (!es.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("state files were still being written at shutdown");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
