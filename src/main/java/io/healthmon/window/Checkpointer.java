package io.healthmon.window;

import io.healthmon.config.EndpointSpec;
import io.healthmon.probe.ProbeHistory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Writes the {@link Checkpoint} on a thread of its own (never an event loop, and not the state
 * writer, whose journal writes a page waits for), every checkpoint interval of whatever
 * configuration runs by then, and once more at shutdown.
 */
public final class Checkpointer {

    private static final Logger LOG = Logger.getLogger(Checkpointer.class);

    /** What to save: the running configuration's endpoints, history and windows, and how often. */
    public record Source(List<EndpointSpec> endpoints, ProbeHistory history, StatsStore stats, Duration every) {
    }

    private final Path file;
    private final Clock clock;
    private final Supplier<Source> source;
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "healthmon-checkpoint");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong failures = new AtomicLong();
    private volatile double lastSeconds = Double.NaN;
    private volatile long lastBytes;
    private volatile Instant lastSavedAt;
    private boolean failing;
    private boolean closed;

    public Checkpointer(Path file, Clock clock, Supplier<Source> source) {
        this.file = file;
        this.clock = clock;
        this.source = source;
        // At shutdown the next save is dropped, one under way finishes: interrupting it would close its file.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Starts saving every interval (read again after each save, so a reload's new interval applies). */
    public void start() {
        schedule();
    }

    private void schedule() {
        Source s = source.get();
        if (s != null) {
            try {
                executor.schedule(() -> {
                    save();
                    schedule();
                }, s.every().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // shut down: the last save is close()'s
            }
        }
    }

    /** Saves now; false when the write failed (reported once per run of failures, kept count of). */
    public synchronized boolean save() {
        Source s = source.get();
        if (s == null || closed) {
            return false;
        }
        long t0 = System.nanoTime();
        try {
            if (!Files.isDirectory(file.toAbsolutePath().getParent())) {
                // startup made it; one that vanished since is not made again for windows alone
                throw new NoSuchFileException(file.toAbsolutePath().getParent().toString(), null, "the data directory is gone");
            }
            long bytes = Checkpoint.write(file, clock.instant(), s.endpoints(), s.history(), s.stats());
            lastSeconds = (System.nanoTime() - t0) / 1e9;
            lastBytes = bytes;
            lastSavedAt = clock.instant();
            if (failing) {
                LOG.infof("window checkpoint %s written again", file);
                failing = false;
            }
            return true;
        } catch (Exception e) { // any failure is the disk's or the data's; the daemon keeps probing
            failures.incrementAndGet();
            if (!failing) {
                LOG.warnf("window checkpoint %s cannot be written (%s: %s): the windows since the last checkpoint would be"
                        + " lost in a crash; trying again every interval", file, e.getClass().getSimpleName(), e.getMessage());
                failing = true;
            }
            return false;
        }
    }

    /** At shutdown, after the last probe: stops the schedule and saves once more. */
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS); // a save under way finishes first
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (save()) {
            LOG.infof("windows saved to %s (%d bytes in %.0f ms)", file, lastBytes, lastSeconds * 1000);
        }
        synchronized (this) {
            closed = true;
        }
    }

    /** How long the last successful save took; NaN before the first. */
    public double lastSeconds() {
        return lastSeconds;
    }

    public long lastBytes() {
        return lastBytes;
    }

    /** When the last successful save was taken; null before the first. */
    public Instant lastSavedAt() {
        return lastSavedAt;
    }

    public long failures() {
        return failures.get();
    }
}
